using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

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
            return Error.NotFound(ErrorCodes.ContractNotFound, "ContractNotFound");
        var entries = await db.Ledger.AsNoTracking().Where(l => l.SupportContractId == id).OrderBy(l => l.Id).ToListAsync(ct);
        var readable = await db.ServiceRequests.AsNoTracking().Where(ServiceRequest.ReadableBy(caller)).Where(r => r.SupportContractId == id).Select(r => r.Id).ToHashSetAsync(ct);
        return entries.Select(e => e.ServiceRequestId is not { } requestId || readable.Contains(requestId)
                ? new LedgerLine(e.Id, e.At, e.Delta, e.BalanceAfter, e.Kind, e.ServiceRequestId, e.Actor, e.Note)
                : new LedgerLine(e.Id, e.At, e.Delta, e.BalanceAfter, e.Kind, e.ServiceRequestId, null, null))
            .ToList();
    }
}
