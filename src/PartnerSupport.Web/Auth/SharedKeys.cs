using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.JsonWebTokens;
using PartnerSupport.Accounts;
using PartnerSupport.Storage;

namespace PartnerSupport.Web.Auth;

/// <summary>
/// What every node must share for a load balancer to send any request to any node: the API's
/// token signing keys and Data Protection's key ring (portal cookies, antiforgery tokens), both
/// kept in the database. No node keeps a key of its own.
/// </summary>
public static class SharedKeys
{
    /// <summary>The same on every node: Data Protection keeps the keys of different applications apart.</summary>
    public const string ApplicationName = "PartnerSupport";

    public static IServiceCollection AddSharedKeys(this IServiceCollection services)
    {
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<ValidatedTokens>();

        // Post-configured, so that it holds whatever order the bearer scheme itself is set up in.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<SigningKeyRing, ValidatedTokens>((o, ring, validated) =>
            {
                o.TokenHandlers.Clear();
                // Set up after the scheme, so it carries the scheme's claim mapping over.
                o.TokenHandlers.Add(new ValidatedTokens.Handler(validated) { MapInboundClaims = o.MapInboundClaims });
                o.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, keyId, _) => ring.Resolve(keyId);
                o.Events ??= new JwtBearerEvents();
                var received = o.Events.OnMessageReceived;
                o.Events.OnMessageReceived = async context =>
                {
                    await received(context);
                    await ring.PrepareAsync(KeyIdOf(context.Request, validated), context.HttpContext.RequestAborted);
                };
            });

        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AppDbContext>();
        return services;
    }

    /// <summary>
    /// Before the node serves: the first signing key and the first Data Protection key, made
    /// under a lock, so that nodes starting at the same moment make one of each between them.
    /// </summary>
    public static async Task InitializeSharedKeysAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await using (await MigrationLock.AcquireAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct))
        {
            await services.GetRequiredService<SigningKeyRing>().SigningKeyAsync(ct);
            // Protecting anything makes Data Protection read its key ring and add a key when none
            // is usable: here, one node at a time, rather than at every node's first request.
            services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ApplicationName).Protect([0]);
        }
    }

    private static string? KeyIdOf(HttpRequest request, ValidatedTokens validated)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return null;
        var token = header["Bearer ".Length..].Trim();
        // A token validated moments ago is not parsed again just for its key id.
        if (validated.TryKeyId(token, out var known))
            return known;
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token))
            return null;
        try
        {
            return handler.ReadJsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            // Malformed: validation refuses it in a moment.
            return null;
        }
    }
}
