namespace PartnerSupport.Contracts;

public sealed class SupportContract
{
    public Guid Id { get; set; }
    public string AccessId { get; set; } = "";
    public string ContractId { get; set; } = "";
    public string Name { get; set; } = "";
    public ContractSource Source { get; set; }
    public ContractScope Scope { get; set; }

    /// <summary>Null means unlimited.</summary>
    public int? TotalIncidents { get; set; }

    /// <summary>
    /// Null means unlimited. Changed only by a conditional update in the same transaction as the
    /// ledger entry that explains it, so it always equals the ledger's sum.
    /// </summary>
    public int? RemainingIncidents { get; set; }

    /// <summary>
    /// With <see cref="DecrementOn.Resolution"/>: incidents promised to open requests, not yet
    /// taken from the balance. A request can only be opened while Remaining - Held > 0.
    /// </summary>
    public int HeldIncidents { get; set; }

    /// <summary>Set once, when the expiry worker wrote the contract's expire entry to the ledger.</summary>
    public DateTimeOffset? ExpiryRecordedAt { get; set; }

    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DecrementOn DecrementOn { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid? BenefitId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsUnlimited => TotalIncidents is null;

    /// <summary>
    /// A new contract with fresh Access and Contract IDs and its full allowance, and the ledger
    /// entry that grants it: every contract's balance starts explained.
    /// </summary>
    public static (SupportContract Contract, LedgerEntry Grant) Issue(
        string name, ContractSource source, ContractScope scope, int? incidents, DateOnly start, DateOnly end,
        Guid organizationId, Guid? benefitId, string actor, string note, DateTimeOffset now)
    {
        var contract = new SupportContract
        {
            Id = Guid.CreateVersion7(),
            AccessId = ContractIdentifiers.NewAccessId(),
            ContractId = ContractIdentifiers.NewContractId(),
            Name = name,
            Source = source,
            Scope = scope,
            TotalIncidents = incidents,
            RemainingIncidents = incidents,
            StartDate = start,
            EndDate = end,
            DecrementOn = DecrementOn.Creation,
            OrganizationId = organizationId,
            BenefitId = benefitId,
            CreatedAt = now,
        };
        var grant = new LedgerEntry
        {
            SupportContractId = contract.Id,
            At = now,
            Delta = incidents ?? 0,
            BalanceAfter = incidents,
            Kind = LedgerKind.Grant,
            Actor = actor,
            Note = note,
        };
        return (contract, grant);
    }

    public ContractStatus StatusOn(DateOnly today) =>
        CancelledAt is not null ? ContractStatus.Cancelled
        : today < StartDate ? ContractStatus.Waiting
        : today > EndDate ? ContractStatus.Expired
        : RemainingIncidents == 0 ? ContractStatus.Exhausted
        : ContractStatus.Active;

    public bool Covers(Products.ProductKind kind) => Scope switch
    {
        ContractScope.All => true,
        ContractScope.OnPremises => kind == Products.ProductKind.OnPremises,
        ContractScope.Cloud => kind == Products.ProductKind.Cloud,
        _ => false,
    };
}

public enum ContractSource
{
    Benefit,
    Purchase,
}

public enum ContractScope
{
    OnPremises,
    Cloud,
    All,
}

public enum ContractStatus
{
    Waiting,
    Active,
    Expired,
    Exhausted,
    Cancelled,
}

public enum DecrementOn
{
    Creation,
    Resolution,
}
