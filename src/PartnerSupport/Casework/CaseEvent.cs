namespace PartnerSupport.Casework;

/// <summary>
/// A change of a request's status or assignee, kept for its timeline. The other entries of the
/// timeline are read from where they already live: the request (created), its messages and the
/// contract's ledger (incidents consumed and refunded).
/// </summary>
public sealed class CaseEvent
{
    public long Id { get; set; }
    public Guid ServiceRequestId { get; set; }
    public DateTimeOffset At { get; set; }
    public CaseEventKind Kind { get; set; }
    public Guid? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    public string? Detail { get; set; }
}

public enum CaseEventKind
{
    Created,
    Message,
    StatusChanged,
    Assigned,
    Closed,
    Reopened,
    IncidentConsumed,
    IncidentRefunded,
}
