using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace PartnerSupport.Web.Auth;

/// <summary>
/// Behind a reverse proxy every connection comes from the proxy: only the proxies named in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR networks) are believed when they say, in X-Forwarded-For/-Proto/-Host, who the client
/// is and whether it came over HTTPS. Then every per-address limit counts the real client, and
/// cookies stay Secure behind a proxy that ends TLS. Anyone else's forwarded headers are ignored.
/// </summary>
public static class KnownProxies
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Reads both lists now, so that a bad entry stops the start with a line naming its key.</summary>
    public static IServiceCollection AddKnownProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Entries(configuration, "KnownProxies").Select(e =>
            IPAddress.TryParse(e.Entry, out var address) ? address : throw Bad(e, "an IP address, such as 10.0.0.5")).ToList();
        var networks = Entries(configuration, "KnownNetworks").Select(e =>
            System.Net.IPNetwork.TryParse(e.Entry, out var network) ? network : throw Bad(e, "a network in CIDR notation, such as 10.0.0.0/8")).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback by default; here nothing is trusted unless configured.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                o.KnownProxies.Add(proxy);
            foreach (var network in networks)
                o.KnownIPNetworks.Add(network);
            // Each hop is taken off X-Forwarded-For only while it came from a known proxy, so a chain
            // of known proxies is walked back to the first address none of them vouches for.
            o.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address and scheme.</summary>
    public static IApplicationBuilder UseKnownProxies(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        // With both lists empty the middleware would believe every sender: without a configured
        // proxy it stays out of the pipeline.
        return options.KnownProxies.Count + options.KnownIPNetworks.Count > 0 ? app.UseForwardedHeaders() : app;
    }

    /// <summary>
    /// A list as indexed keys (<c>ForwardedHeaders__KnownProxies__0</c>) or as one value separated
    /// by commas or spaces (<c>ForwardedHeaders__KnownProxies=10.0.0.5,10.0.0.6</c>).
    /// </summary>
    private static IEnumerable<(string Key, string Entry)> Entries(IConfiguration configuration, string name)
    {
        var key = $"{Section}:{name}";
        var section = configuration.GetSection(key);
        return (section.Value ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => (key, entry))
            .Concat(section.GetChildren().Select(child => ($"{key}:{child.Key}", child.Value?.Trim() ?? "")))
            .Where(e => e.Item2.Length > 0);
    }

    private static OptionsValidationException Bad((string Key, string Entry) e, string expected) =>
        new(Section, typeof(ForwardedHeadersOptions), [$"{e.Key} must be {expected} (got '{e.Entry}')."]);
}
