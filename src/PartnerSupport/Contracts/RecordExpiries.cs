using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

/// <summary>
/// Writes each ended contract's expiry into its ledger, once: the unused incidents leave the
/// balance with an explanation instead of silently becoming unusable.
/// </summary>
public sealed class RecordExpiries(AppDbContext db, TimeProvider time)
{
    public async Task<int> RunAsync(int batchSize = 100, CancellationToken ct = default)
    {
        var today = time.Today();
        var due = await db.SupportContracts.AsNoTracking()
            .Where(c => c.EndDate < today && c.ExpiryRecordedAt == null)
            .OrderBy(c => c.EndDate)
            .Select(c => c.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        var recorded = 0;
        foreach (var id in due)
        {
            var now = time.GetUtcNow();
            await using var tx = await db.BeginWriteTransactionAsync(ct);
            // The claim locks the row, so the balance read next cannot change before the entry.
            var claimed = await db.SupportContracts.Where(c => c.Id == id && c.ExpiryRecordedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiryRecordedAt, now), ct);
            if (claimed == 0)
                continue;
            var balance = await db.SupportContracts.Where(c => c.Id == id).Select(c => new { c.RemainingIncidents, c.HeldIncidents }).SingleAsync(ct);
            var remaining = balance.RemainingIncidents;
            // Incidents held by requests still open stay, so those requests can still be resolved;
            // each returns to expiry when its hold is released (see IncidentCharges).
            var expiring = remaining is null ? 0 : remaining.Value - balance.HeldIncidents;
            if (remaining is not null)
                await db.SupportContracts.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RemainingIncidents, balance.HeldIncidents), ct);
            db.Ledger.Add(new LedgerEntry
            {
                SupportContractId = id,
                At = now,
                Delta = -expiring,
                BalanceAfter = remaining is null ? null : balance.HeldIncidents,
                Kind = LedgerKind.Expire,
                Actor = Caller.System.Actor,
                Note = "Contract ended",
            });
            db.Audit(Caller.System, now, "contract.expire", id, remaining is null ? "unlimited" : $"{expiring} unused");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            recorded++;
        }
        return recorded;
    }
}

public sealed record LedgerMismatch(Guid ContractId, string AccessId, int? Balance, int LedgerSum, int? LastBalanceAfter);

/// <summary>Proves that every contract's balance is what its ledger says.</summary>
public sealed class VerifyLedger(AppDbContext db)
{
    public async Task<(int Checked, IReadOnlyList<LedgerMismatch> Mismatches)> RunAsync(CancellationToken ct = default)
    {
        var sums = await db.Ledger.AsNoTracking()
            .GroupBy(l => l.SupportContractId)
            .Select(g => new { Id = g.Key, Sum = g.Sum(l => l.Delta) })
            .ToDictionaryAsync(x => x.Id, ct);
        // The last entry of each contract, chosen in SQL: a list of ids as parameters would
        // exceed SQLite's limit of 32,766 variables on a large installation.
        var lastIds = db.Ledger.GroupBy(l => l.SupportContractId).Select(g => g.Max(l => l.Id));
        var last = await db.Ledger.AsNoTracking().Where(l => lastIds.Contains(l.Id)).ToDictionaryAsync(l => l.SupportContractId, l => l.BalanceAfter, ct);
        var contracts = await db.SupportContracts.AsNoTracking()
            .Where(c => c.TotalIncidents != null)
            .Select(c => new { c.Id, c.AccessId, c.RemainingIncidents })
            .ToListAsync(ct);
        var mismatches = new List<LedgerMismatch>();
        foreach (var c in contracts)
        {
            var sum = sums.TryGetValue(c.Id, out var s) ? s.Sum : 0;
            var lastBalance = last.GetValueOrDefault(c.Id);
            if (sum != c.RemainingIncidents || lastBalance != c.RemainingIncidents)
                mismatches.Add(new LedgerMismatch(c.Id, c.AccessId, c.RemainingIncidents, sum, lastBalance));
        }
        return (contracts.Count, mismatches);
    }
}
