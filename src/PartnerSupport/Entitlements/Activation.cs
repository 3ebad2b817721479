namespace PartnerSupport.Entitlements;

/// <summary>A request to activate a benefit, completed later by the worker or an operator.</summary>
public sealed class Activation
{
    public Guid Id { get; set; }
    public Guid BenefitId { get; set; }
    public Guid OrganizationId { get; set; }
    public ActivationStatus Status { get; set; }
    public Guid RequestedByUserId { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset ProcessAfter { get; set; }
    public bool RequiresApproval { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public string? RejectionReason { get; set; }
    public Guid? SupportContractId { get; set; }
}

public enum ActivationStatus
{
    Pending,
    Completed,
    Rejected,
}
