using PartnerSupport.Contracts;
using PartnerSupport.Organizations;

namespace PartnerSupport.Entitlements;

/// <summary>
/// What a membership grants, as the catalog said when the membership was recorded. Incidents are
/// copied here so a later catalog change never alters a benefit already granted.
/// </summary>
public sealed class Benefit
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid MembershipId { get; set; }
    public BenefitType Type { get; set; }
    public string Name { get; set; } = "";
    public ContractScope Scope { get; set; }

    /// <summary>Null means unlimited.</summary>
    public int? Incidents { get; set; }

    public ActivationState ActivationState { get; set; }
    public Guid? SupportContractId { get; set; }

    /// <summary>Why the last activation was refused; cleared by the next request.</summary>
    public string? RejectionReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Membership? Membership { get; set; }
    public SupportContract? SupportContract { get; set; }

    /// <summary>A benefit can be (re)activated while no activation is under way or done.</summary>
    public bool CanActivate => ActivationState is ActivationState.NotActivated or ActivationState.Rejected;

    /// <summary>The status shown to partners: activation progress, then the contract's life.</summary>
    public BenefitStatus StatusOn(DateOnly today)
    {
        if (Membership is { } m && today > m.EndDate)
            return BenefitStatus.Expired;
        if (Membership is { } upcoming && today < upcoming.StartDate && ActivationState != ActivationState.Rejected)
            return ActivationState == ActivationState.Pending ? BenefitStatus.ActivationPending : BenefitStatus.Waiting;
        return ActivationState switch
        {
            ActivationState.NotActivated => BenefitStatus.NotActivated,
            ActivationState.Pending => BenefitStatus.ActivationPending,
            ActivationState.Rejected => BenefitStatus.Rejected,
            _ => SupportContract?.StatusOn(today) switch
            {
                ContractStatus.Expired or ContractStatus.Cancelled => BenefitStatus.Expired,
                ContractStatus.Exhausted => BenefitStatus.Exhausted,
                _ => BenefitStatus.Active,
            },
        };
    }
}

public enum BenefitType
{
    ProductSupport,
    SignatureCloudSupport,
}

public enum ActivationState
{
    NotActivated,
    Pending,
    Completed,
    Rejected,
}

public enum BenefitStatus
{
    NotActivated,
    ActivationPending,
    Active,
    Rejected,
    Expired,
    Exhausted,

    /// <summary>The membership starts in the future.</summary>
    Waiting,
}
