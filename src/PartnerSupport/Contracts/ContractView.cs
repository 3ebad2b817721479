namespace PartnerSupport.Contracts;

/// <summary>A contract with its status today and, when it cannot take a new request, why.</summary>
public sealed record ContractView(SupportContract Contract, ContractStatus Status, UnavailableReason? Reason);
