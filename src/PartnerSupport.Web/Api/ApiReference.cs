using Scalar.AspNetCore;

namespace PartnerSupport.Web.Api;

/// <summary>
/// The interactive API reference at /docs (Scalar), anonymous like the document it shows. Its
/// script is served by this server (no CDN), and it runs under the portal's strict policy except
/// where Scalar cannot: see <see cref="ContentSecurityPolicy"/>.
/// </summary>
public static class ApiReference
{
    public const string Path = "/docs";

    public static void Map(WebApplication app) =>
        app.MapScalarApiReference(Path, o => o
                .WithTitle("PartnerSupport API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .AddPreferredSecuritySchemes(ApiDocument.BearerScheme)
                .WithDynamicBaseServerUrl()
                // A fresh nonce per page lets its bootstrap script run while script-src stays 'self'.
                .WithNonce()
                // Each of these would reach a host on the internet: fonts, usage telemetry, AI chat, MCP.
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                // Its toolbar links to Scalar's hosted services.
                .HideDeveloperTools())
            .AllowAnonymous();

    /// <summary>
    /// The portal's policy, with two exceptions for the reference pages only: the page's own
    /// bootstrap script runs by its per-request nonce (still no inline script without it, nothing
    /// from another origin), and style-src allows inline styles, because Scalar's components set
    /// <c>style="..."</c> attributes, which no nonce or hash can allow. Inline styles cannot run
    /// code; script stays as strict as on the portal.
    /// </summary>
    public static string ContentSecurityPolicy(HttpContext http)
    {
        var nonce = http.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) && value is string n ? $" 'nonce-{n}'" : "";
        return $"default-src 'self'; script-src 'self'{nonce}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    public static bool IsReference(HttpContext http) => http.Request.Path.StartsWithSegments(Path);
}
