using PartnerSupport.Common;
using PartnerSupport.Products;

namespace PartnerSupport.Contracts;

/// <summary>
/// Whether a contract can serve today, and if not why: the one reading of a contract's state
/// behind opening a request, linking a contract and the contract lists (which show an unusable
/// contract with its reason rather than hiding it).
/// </summary>
public static class ContractEligibility
{
    /// <summary>Why the contract cannot take a new request today (for the product, when one is given); null when it can.</summary>
    public static UnavailableReason? Check(SupportContract contract, DateOnly today, Product? product = null, bool productCovered = true) =>
        contract.StatusOn(today) switch
        {
            ContractStatus.Expired or ContractStatus.Cancelled => UnavailableReason.Expired,
            ContractStatus.Waiting => UnavailableReason.NotStarted,
            ContractStatus.Exhausted => UnavailableReason.NoIncidentsRemaining,
            _ when product is not null && (!productCovered || !contract.Covers(product.Kind)) => UnavailableReason.ProductNotCovered,
            _ => null,
        };

    /// <summary>
    /// The refusal to link the contract or to open a request on it today, or null when its dates
    /// and balance allow it. Product coverage is the request's to judge: its refusals name the product.
    /// </summary>
    public static Error? Refusal(SupportContract contract, DateOnly today, ContractUse use) =>
        (Check(contract, today), use) switch
        {
            (UnavailableReason.Expired, _) => Error.Conflict(ErrorCodes.ContractExpired, "ContractExpired", contract.EndDate.ToString("yyyy-MM-dd")),
            (UnavailableReason.NotStarted, ContractUse.NewRequest) => Error.Conflict(ErrorCodes.ContractNotStarted, "ContractNotStarted", contract.StartDate.ToString("yyyy-MM-dd")),
            (UnavailableReason.NoIncidentsRemaining, ContractUse.Link) => Error.Conflict(ErrorCodes.ContractExhausted, "ContractExhausted"),
            // A contract may be linked before it starts. A request on an exhausted contract is
            // refused by its charge, which takes the last incident under the row's lock.
            _ => null,
        };
}

public enum ContractUse
{
    Link,
    NewRequest,
}

public enum UnavailableReason
{
    Expired,
    NoIncidentsRemaining,
    NotStarted,
    ProductNotCovered,
}
