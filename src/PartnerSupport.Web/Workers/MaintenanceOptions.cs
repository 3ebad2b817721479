using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Web.Workers;

public sealed class MaintenanceOptions
{
    public const string Section = "Maintenance";

    /// <summary>How often expiries are recorded and old idempotency keys and retired signing keys purged.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Problems() => Settings.Positive($"{Section}:{nameof(Interval)}", Interval);

    public sealed class Validator : IValidateOptions<MaintenanceOptions>
    {
        public ValidateOptionsResult Validate(string? name, MaintenanceOptions options) => Settings.Result(options.Problems());
    }
}
