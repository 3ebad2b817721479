using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Alerts;

public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>A limited contract is low at or below this share of its total...</summary>
    public int LowBalancePercent { get; set; } = 20;

    /// <summary>...or at or below this many incidents, whichever is more.</summary>
    public int LowBalanceIncidents { get; set; } = 2;

    /// <summary>Days before the end date when the ending-soon alert is raised.</summary>
    public int EndingDays { get; set; } = 30;

    /// <summary>How often the worker looks for contracts that need an alert.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Problems()
    {
        if (LowBalancePercent is < 0 or > 100)
            yield return $"{Section}:{nameof(LowBalancePercent)} must be a whole number from 0 to 100 (got {LowBalancePercent}).";
        foreach (var problem in Settings.AtLeast($"{Section}:{nameof(LowBalanceIncidents)}", LowBalanceIncidents, 0)
                     .Concat(Settings.AtLeast($"{Section}:{nameof(EndingDays)}", EndingDays, 0))
                     .Concat(Settings.Positive($"{Section}:{nameof(Interval)}", Interval)))
            yield return problem;
    }

    public sealed class Validator : IValidateOptions<AlertOptions>
    {
        public ValidateOptionsResult Validate(string? name, AlertOptions options) => Settings.Result(options.Problems());
    }
}
