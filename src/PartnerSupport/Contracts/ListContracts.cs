using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Products;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

public sealed record ContractView(SupportContract Contract, ContractStatus Status, UnavailableReason? Reason);

public sealed record ContractList(IReadOnlyList<ContractView> Available, IReadOnlyList<ContractView> Unavailable);

public enum UnavailableReason
{
    Expired,
    NoIncidentsRemaining,
    NotStarted,
    ProductNotCovered,
}

/// <summary>
/// The caller's linked contracts, split into usable and not: unusable ones are never hidden,
/// each says why ("Would you like to see unavailable support plans?").
/// </summary>
public sealed class ListContracts(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ContractList>> RunAsync(Caller caller, Guid? productId, CancellationToken ct = default)
    {
        Product? product = null;
        var productCovered = true;
        if (productId is { } pid)
        {
            (product, productCovered) = await ProductCoverage.FindAsync(db, pid, ct);
            if (product is null)
                return Error.NotFound("product-not-found", "ProductNotFound");
        }

        var contracts = await db.ContractLinks.AsNoTracking()
            .Where(l => l.UserId == caller.UserId)
            .OrderBy(l => l.LinkedAt)
            .Select(l => l.SupportContract!)
            .ToListAsync(ct);
        var today = time.Today();
        var views = contracts.Select(c =>
        {
            var status = c.StatusOn(today);
            UnavailableReason? reason = status switch
            {
                ContractStatus.Expired or ContractStatus.Cancelled => UnavailableReason.Expired,
                ContractStatus.Waiting => UnavailableReason.NotStarted,
                ContractStatus.Exhausted => UnavailableReason.NoIncidentsRemaining,
                _ when product is not null && (!productCovered || !c.Covers(product.Kind)) => UnavailableReason.ProductNotCovered,
                _ => null,
            };
            return new ContractView(c, status, reason);
        }).ToList();
        return new ContractList(views.Where(v => v.Reason is null).ToList(), views.Where(v => v.Reason is not null).ToList());
    }
}

/// <summary>A contract is visible to the accounts that linked it, its organization and operators.</summary>
public sealed class GetContract(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ContractView>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        var contract = await ById(db, id, ct);
        if (contract is null || !await CanSeeAsync(db, caller, contract, ct))
            return Error.NotFound("contract-not-found", "ContractNotFound");
        return new ContractView(contract, contract.StatusOn(time.Today()), null);
    }

    // The balance read is the API's most frequent call: compiled once, it skips EF Core's
    // per-call expression work and query-cache lookup.
    private static readonly Func<AppDbContext, Guid, CancellationToken, Task<SupportContract?>> ById =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken ct) => db.SupportContracts.AsNoTracking().SingleOrDefault(c => c.Id == id));

    internal static async Task<bool> CanSeeAsync(AppDbContext db, Caller caller, SupportContract contract, CancellationToken ct) =>
        caller.IsOperator
        || caller.OrganizationId == contract.OrganizationId
        || await db.ContractLinks.AnyAsync(l => l.SupportContractId == contract.Id && l.UserId == caller.UserId, ct);
}

/// <summary>
/// One ledger entry as the caller may see it: the figures always; who acted and the note (a
/// request's title, or how it was closed) only when the entry concerns no request or a request
/// the caller may read.
/// </summary>
public sealed record LedgerLine(long Id, DateTimeOffset At, int Delta, int? BalanceAfter, LedgerKind Kind, Guid? ServiceRequestId, string? Actor, string? Note);

/// <summary>
/// A contract's history for whoever may see the contract. Several accounts (a personal one among
/// them) may hold one contract: each sees every entry's figures, but another holder's requests
/// only as far as the request rules let it read them.
/// </summary>
public sealed class GetLedger(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<LedgerLine>>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        var contract = await db.SupportContracts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (contract is null || !await GetContract.CanSeeAsync(db, caller, contract, ct))
            return Error.NotFound("contract-not-found", "ContractNotFound");
        var entries = await db.Ledger.AsNoTracking().Where(l => l.SupportContractId == id).OrderBy(l => l.Id).ToListAsync(ct);
        var readable = await ListServiceRequests.Readable(db, caller).Where(r => r.SupportContractId == id).Select(r => r.Id).ToHashSetAsync(ct);
        return entries.Select(e => e.ServiceRequestId is not { } requestId || readable.Contains(requestId)
                ? new LedgerLine(e.Id, e.At, e.Delta, e.BalanceAfter, e.Kind, e.ServiceRequestId, e.Actor, e.Note)
                : new LedgerLine(e.Id, e.At, e.Delta, e.BalanceAfter, e.Kind, e.ServiceRequestId, null, null))
            .ToList();
    }
}
