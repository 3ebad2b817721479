using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

/// <summary>
/// The back office corrects a balance ("why is my balance 3?" → a goodwill incident): an
/// `adjust` entry with the operator's note, never below zero and never on unlimited contracts.
/// </summary>
public sealed class AdjustBalance(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ContractView>> RunAsync(Caller caller, Guid contractId, int delta, string? note, CancellationToken ct = default)
    {
        if (!caller.IsOperator && caller != Caller.System)
            return Error.Forbidden();
        var v = new Validator().Require("note", note, 1000);
        v.Check(delta != 0 && Math.Abs(delta) <= 100_000, "delta", "must be a non-zero number of incidents up to 100000");
        if (!v.IsValid)
            return v.ToError();
        var contract = await db.SupportContracts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contractId, ct);
        if (contract is null)
            return Error.NotFound(ErrorCodes.ContractNotFound, "ContractNotFound");
        if (contract.IsUnlimited)
            return Error.Validation("delta", "an unlimited contract has no balance to adjust");

        var now = time.GetUtcNow();
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var changed = await db.SupportContracts
            .Where(c => c.Id == contractId && c.RemainingIncidents - c.HeldIncidents + delta >= 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RemainingIncidents, c => c.RemainingIncidents + delta), ct);
        if (changed == 0)
            return Error.Conflict(ErrorCodes.NoIncidentsRemaining, "NoIncidentsRemaining");
        var balance = await db.SupportContracts.Where(c => c.Id == contractId).Select(c => c.RemainingIncidents).SingleAsync(ct);
        db.Ledger.Add(new LedgerEntry
        {
            SupportContractId = contractId,
            At = now,
            Delta = delta,
            BalanceAfter = balance,
            Kind = LedgerKind.Adjust,
            Actor = caller.Actor,
            Note = note!.Trim(),
        });
        db.Audit(caller, now, "contract.adjust", contractId, $"{delta:+#;-#} {note}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var updated = await db.SupportContracts.AsNoTracking().SingleAsync(c => c.Id == contractId, ct);
        return new ContractView(updated, updated.StatusOn(time.Today()), null);
    }
}
