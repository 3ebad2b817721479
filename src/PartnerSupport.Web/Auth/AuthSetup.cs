using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Web.Auth;

/// <summary>Bearer tokens for the API, cookies for the portal; the account is re-read on each request.</summary>
public static class AuthSetup
{
    public const string ApiPolicy = "api";
    private const string Smart = "smart";

    public static IServiceCollection AddPartnerSupportAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var authentication = services.AddAuthentication(Smart)
            // The API answers with bearer semantics (401 problem details), even on paths that match
            // no endpoint; only the portal redirects to its sign-in page.
            .AddPolicyScheme(Smart, "Bearer or cookie", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || http.Request.Path.StartsWithSegments("/v1")
                    ? JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthOptions.Issuer,
                    ValidAudience = AuthOptions.Issuer,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                o.Events = new JwtBearerEvents
                {
                    // An API key is not a JWT: it is recognised by its prefix and looked up instead of validated.
                    OnMessageReceived = async context =>
                    {
                        var header = context.Request.Headers.Authorization.ToString();
                        if (!header.StartsWith("Bearer " + CreateApiKey.KeyPrefix, StringComparison.OrdinalIgnoreCase))
                            return;
                        if (await CallerResolution.ResolveApiKeyAsync(context.HttpContext, header["Bearer ".Length..].Trim()) is { } principal)
                        {
                            context.Principal = principal;
                            context.Success();
                        }
                        else
                        {
                            context.Fail("unknown, expired or revoked API key");
                        }
                    },
                    OnTokenValidated = async context =>
                    {
                        if (!await CallerResolution.ResolveAsync(context.HttpContext, context.Principal))
                            context.Fail("account no longer valid");
                    },
                };
            })
            .AddCookie(o =>
            {
                o.LoginPath = "/account/signin";
                o.LogoutPath = "/account/signout";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "partnersupport";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = async context =>
                    {
                        if (!await CallerResolution.ResolveAsync(context.HttpContext, context.Principal))
                        {
                            context.RejectPrincipal();
                            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                        }
                    },
                };
            });
        services.AddSettings<OidcOptions, OidcOptions.Validator>(configuration, OidcOptions.Section);
        // Read now: the handler is in the pipeline only when single sign-on is configured.
        if (configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() is { Enabled: true } oidc)
            AddSingleSignOn(authentication, oidc);

        // Token and cookie lifetimes are judged by the application's clock, like every other date.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TimeProvider>((o, time) => o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now + parameters.ClockSkew) && expires is not null && now - parameters.ClockSkew < expires;
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<TimeProvider>((o, time) => o.TimeProvider = time);
        services.AddOptions<CookieAuthenticationOptions>(OidcOptions.ExternalScheme)
            .Configure<TimeProvider>((o, time) => o.TimeProvider = time);

        // Every cookie the portal sets is Secure whenever the request came over HTTPS.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// Authorization code with PKCE. The provider's answer comes back on a top-level GET
    /// (<c>response_mode=query</c>), so the correlation and nonce cookies can be SameSite=Lax and
    /// are Secure whenever the request came over HTTPS (behind a known proxy too). Their content
    /// and the state are protected by Data Protection, whose key ring is in the database: the
    /// callback may land on another node than the one that sent the person away. The handler
    /// only proves who the person is (into <see cref="OidcOptions.ExternalScheme"/>); the sign-in
    /// page then signs them in to an account, or refuses, with <see cref="SignInWithProvider"/>.
    /// </summary>
    private static void AddSingleSignOn(AuthenticationBuilder authentication, OidcOptions oidc)
    {
        authentication
            .AddCookie(OidcOptions.ExternalScheme, o =>
            {
                o.Cookie.Name = "partnersupport.external";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                o.SlidingExpiration = false;
            })
            .AddOpenIdConnect(OidcOptions.Scheme, oidc.DisplayName, o =>
            {
                o.SignInScheme = OidcOptions.ExternalScheme;
                o.Authority = oidc.Authority!.Trim();
                o.RequireHttpsMetadata = !oidc.AllowsHttp;
                o.ClientId = oidc.ClientId!.Trim();
                o.ClientSecret = string.IsNullOrEmpty(oidc.ClientSecret) ? null : oidc.ClientSecret;
                o.CallbackPath = OidcOptions.CallbackPath;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.Scope.Clear();
                o.Scope.Add(OpenIdConnectScope.OpenId);
                o.Scope.Add(OpenIdConnectScope.Email);
                o.Scope.Add("profile");
                o.MapInboundClaims = false;
                // Nothing of the provider's is kept: its tokens never reach the cookie or the database.
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
                {
                    cookie.SameSite = SameSiteMode.Lax;
                    cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                }
                // The handshake is judged by the system clock, not the application's: the provider
                // dates its ID tokens by real time, and the browser the correlation and nonce cookies.
                o.TimeProvider = TimeProvider.System;
                o.Events = new OpenIdConnectEvents
                {
                    // A refusal from the provider, a forged or replayed answer, a lost cookie: the
                    // person lands on the sign-in page with a message, never an error page.
                    OnRemoteFailure = context =>
                    {
                        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthSetup))
                            .LogWarning("Single sign-on failed: {Reason}", context.Failure?.GetType().Name);
                        context.HandleResponse();
                        context.Response.Redirect(context.Request.PathBase + "/account/signin?handler=Provider");
                        return Task.CompletedTask;
                    },
                };
            });
    }

    /// <summary>The portal's sign-in: the same claims a bearer token carries.</summary>
    public static ClaimsPrincipal PrincipalFor(User user) =>
        new(new ClaimsIdentity(
            [
                new Claim("sub", user.Id.ToString()),
                new Claim("email", user.Email ?? ""),
                new Claim("name", user.DisplayName),
                new Claim(TokenIssuer.StampClaim, user.SecurityStamp ?? ""),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme, "name", null));
}
