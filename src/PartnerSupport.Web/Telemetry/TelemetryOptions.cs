using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Web.Telemetry;

public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve the metrics at <c>/metrics</c> for a Prometheus scraper.</summary>
    public bool Prometheus { get; set; }

    /// <summary>
    /// The client networks (CIDR) that may read <c>/metrics</c>; anyone else gets 404. The scrape
    /// endpoint takes no credentials, so by default only this host's own scraper may read it.
    /// </summary>
    public List<string> PrometheusAllowedNetworks { get; set; } = [];

    public IReadOnlyList<System.Net.IPNetwork> AllowedNetworks() =>
        PrometheusAllowedNetworks.Count == 0
            ? [System.Net.IPNetwork.Parse("127.0.0.0/8"), System.Net.IPNetwork.Parse("::1/128")]
            : [.. PrometheusAllowedNetworks.Select(System.Net.IPNetwork.Parse)];

    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < PrometheusAllowedNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(PrometheusAllowedNetworks[i], out _))
                yield return $"{Section}:{nameof(PrometheusAllowedNetworks)}:{i} must be a network in CIDR notation, such as 10.0.0.0/8 (got '{PrometheusAllowedNetworks[i]}').";
        }
    }

    public sealed class Validator : IValidateOptions<TelemetryOptions>
    {
        public ValidateOptionsResult Validate(string? name, TelemetryOptions options) => Settings.Result(options.Problems());
    }
}
