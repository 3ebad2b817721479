using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// A real OpenID provider (OpenIddict's server) on 127.0.0.1, for the single sign-on tests: a
/// discovery document, its signing keys, an authorization endpoint and a token endpoint that
/// demand PKCE, ID tokens signed with RSA. Nobody types a password here: the authorization endpoint
/// signs in <see cref="Person"/>, the person the test says is at the keyboard. With
/// <see cref="TamperWithIdTokens"/> on, the token endpoint's answer carries an ID token whose
/// payload was changed after signing (another e-mail address), as a man in the middle would.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "partnersupport";
    public const string ClientSecret = "test-client-secret-4b9c2f";

    private readonly WebApplication _host;
    private readonly string _folder;

    private OidcProvider(WebApplication host, string folder, Uri authority)
    {
        _host = host;
        _folder = folder;
        Authority = authority;
    }

    public Uri Authority { get; }

    /// <summary>Who the provider signs in at the authorization endpoint; null: it refuses (access_denied).</summary>
    public ProviderPerson? Person { get; set; }

    public bool TamperWithIdTokens { get; set; }

    /// <summary>Authorization requests that came with a PKCE S256 code challenge, as the client must send.</summary>
    public int AuthorizationRequestsWithPkce => _pkce;
    private int _pkce;

    /// <summary>The settings that point the application at this provider.</summary>
    public IDictionary<string, string?> Settings(string displayName = "Contoso ID") => new Dictionary<string, string?>
    {
        ["Oidc:Authority"] = Authority.ToString(),
        ["Oidc:ClientId"] = ClientId,
        ["Oidc:ClientSecret"] = ClientSecret,
        ["Oidc:DisplayName"] = displayName,
    };

    public static async Task<OidcProvider> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("partnersupport-oidc-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ProviderDb>(o =>
        {
            o.UseSqlite($"Data Source={Path.Combine(folder, "provider.db")}");
            o.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
                o.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });
        builder.Services.AddSingleton<Holder>();
        var host = builder.Build();
        var holder = host.Services.GetRequiredService<Holder>();

        host.Use(async (context, next) =>
        {
            if (context.Request.Path == "/connect/token" && holder.Provider!.TamperWithIdTokens)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                await next(context);
                context.Response.Body = original;
                var answer = JsonNode.Parse(buffer.ToArray())!.AsObject();
                if (answer["id_token"]?.GetValue<string>() is { } token)
                    answer["id_token"] = Tamper(token);
                var bytes = System.Text.Encoding.UTF8.GetBytes(answer.ToJsonString());
                context.Response.ContentLength = bytes.Length;
                await original.WriteAsync(bytes);
                return;
            }
            await next(context);
        });

        host.MapMethods("/connect/authorize", ["GET", "POST"], (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            if (request.CodeChallengeMethod == CodeChallengeMethods.Sha256 && !string.IsNullOrEmpty(request.CodeChallenge))
                Interlocked.Increment(ref holder.Provider!._pkce);
            if (holder.Provider!.Person is not { } person)
                return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, person.Subject)
                .SetClaim(Claims.Email, person.Email)
                .SetClaim(Claims.EmailVerified, person.EmailVerified)
                .SetClaim(Claims.Name, person.Name);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        host.MapPost("/connect/token", async (HttpContext http) =>
        {
            // The code (checked by OpenIddict: client, redirect URI, PKCE verifier, single use) carries the principal.
            var code = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return Results.SignIn(code.Principal!, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var provider = new OidcProvider(host, folder, new Uri(address.TrimEnd('/') + "/"));
        holder.Provider = provider;
        return provider;
    }

    /// <summary>Registers the application as a client, once its address (and so its redirect URI) is known.</summary>
    public async Task RegisterClientAsync(Uri applicationBaseAddress)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await manager.FindByClientIdAsync(ClientId) is { } existing)
            await manager.DeleteAsync(existing);
        await manager.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { new Uri(applicationBaseAddress, "signin-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email,
                Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    /// <summary>Another e-mail in the payload, the signature left as it was: only a signature check catches it.</summary>
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["email"] = "operator@test.example";
        parts[1] = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload.ToJsonString());
        return string.Join('.', parts);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Holder
    {
        public OidcProvider? Provider { get; set; }
    }

    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}

/// <summary>The person signed in at the provider.</summary>
public sealed record ProviderPerson(string Subject, string Email, bool EmailVerified, string Name = "Provider Person");
