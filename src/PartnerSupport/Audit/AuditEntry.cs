namespace PartnerSupport.Audit;

/// <summary>One administrative or balance-changing action: who, what, when, from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public Guid? ActorUserId { get; set; }
    public string? ClientAddress { get; set; }
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? Details { get; set; }
}
