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
