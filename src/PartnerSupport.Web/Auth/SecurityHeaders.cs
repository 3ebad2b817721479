namespace PartnerSupport.Web.Auth;

/// <summary>
/// Headers that make the browser refuse what the portal never does: run inline or foreign
/// script, be framed, guess content types, or leak addresses in the Referer.
/// </summary>
public static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        // The sign-in page's "Sign in with ..." form is answered by a redirect to the provider,
        // which form-action governs too: that page alone may send a form on to the provider's origin.
        var oidc = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<OidcOptions>>().Value;
        var signInPolicy = oidc.Enabled && Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority)
            ? ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {authority.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal)
            : ContentSecurityPolicy;
        return app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = Api.ApiReference.IsReference(http) ? Api.ApiReference.ContentSecurityPolicy(http)
                    : http.Request.Path.StartsWithSegments("/account/signin", StringComparison.OrdinalIgnoreCase) ? signInPolicy
                    : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
