using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Alerts;

/// <summary>
/// A contract ran low or nears its end. At most one per contract and kind: a unique index makes
/// a second raise fail, whichever node tries it.
/// </summary>
public sealed class Alert
{
    public Guid Id { get; set; }
    public Guid SupportContractId { get; set; }
    public Guid OrganizationId { get; set; }
    public AlertKind Kind { get; set; }
    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>The contract's figures when the alert was raised (null for unlimited).</summary>
    public int? TotalIncidents { get; set; }

    public int? RemainingIncidents { get; set; }
    public DateOnly EndDate { get; set; }
}

public enum AlertKind
{
    LowBalance,
    EndingSoon,
}

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
