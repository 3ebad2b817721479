using PartnerSupport.Organizations;

namespace PartnerSupport.Contracts;

/// <summary>A contract with its status today and, when it cannot take a new request, why.</summary>
public sealed record ContractView(SupportContract Contract, ContractStatus Status, UnavailableReason? Reason)
{
    /// <summary>The organization that holds the contract: two contracts of one name are told apart by it and by their IDs.</summary>
    public string? OrganizationName { get; init; }

    /// <summary>The membership offer whose benefit the contract is; null for a purchased plan.</summary>
    public Offer? Offer { get; init; }

    public string? Competency { get; init; }
}
