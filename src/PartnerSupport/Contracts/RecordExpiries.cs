using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Notifications;
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
            var balance = await db.SupportContracts.Where(c => c.Id == id).Select(c => new { c.RemainingIncidents, c.HeldIncidents, c.OrganizationId, c.EndDate }).SingleAsync(ct);
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
            db.Announce(EventTypes.ContractExpired, balance.OrganizationId, null, null, new
            {
                supportContract = new { id, organizationId = balance.OrganizationId, endDate = balance.EndDate, expiredIncidents = expiring, remainingIncidents = remaining is null ? (int?)null : balance.HeldIncidents },
            }, now);
            db.Audit(Caller.System, now, "contract.expire", id, remaining is null ? "unlimited" : $"{expiring} unused");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            recorded++;
        }
        return recorded;
    }
}
