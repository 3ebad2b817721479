using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Storage;

namespace PartnerSupport.Alerts;

/// <summary>
/// The worker's pass: raises the alerts that contracts now call for, each with its outbound
/// event (which the webhook channel fans out) in the same transaction. Scanning (rather than raising on every balance change)
/// also catches the ending-soon alert, which only time brings, and keeps the request path as
/// fast as it was. Exactly once per contract and kind, however many nodes scan at once: the
/// second raiser waits on the contract's row and then finds the first one's alert; the unique
/// index is the backstop.
/// </summary>
public sealed class RaiseAlerts(AppDbContext db, IOptions<AlertOptions> options, TimeProvider time, PartnerSupportMetrics metrics)
{
    public async Task<int> RunAsync(int batchSize = 100, CancellationToken ct = default)
    {
        var o = options.Value;
        var today = time.Today();
        var endingBy = today.AddDays(o.EndingDays);
        var live = db.SupportContracts.AsNoTracking()
            .Where(c => c.CancelledAt == null && c.ExpiryRecordedAt == null && c.EndDate >= today);

        // Low: what new requests can still take (remaining minus held) is at most the configured
        // count or share of the total. A contract that has not used anything yet is not "running" low.
        var low = await live
            .Where(c => c.TotalIncidents != null && c.StartDate <= today
                && c.RemainingIncidents - c.HeldIncidents < c.TotalIncidents
                && (c.RemainingIncidents - c.HeldIncidents <= o.LowBalanceIncidents
                    || (c.RemainingIncidents - c.HeldIncidents) * 100 <= c.TotalIncidents * o.LowBalancePercent)
                && !db.Alerts.Any(a => a.SupportContractId == c.Id && a.Kind == AlertKind.LowBalance))
            .OrderBy(c => c.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        var ending = await live
            .Where(c => c.EndDate <= endingBy
                && !db.Alerts.Any(a => a.SupportContractId == c.Id && a.Kind == AlertKind.EndingSoon))
            .OrderBy(c => c.EndDate)
            .Take(batchSize)
            .ToListAsync(ct);

        var raised = 0;
        foreach (var (contract, kind) in low.Select(c => (c, AlertKind.LowBalance)).Concat(ending.Select(c => (c, AlertKind.EndingSoon))))
        {
            if (await RaiseAsync(contract, kind, ct))
                raised++;
        }
        return raised;
    }

    private async Task<bool> RaiseAsync(SupportContract contract, AlertKind kind, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        // Locks the contract's row: a second raiser (another node) waits here until the first
        // commits, then finds its alert below instead of failing on the unique index.
        await db.SupportContracts.Where(c => c.Id == contract.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.HeldIncidents, c => c.HeldIncidents), ct);
        if (await db.Alerts.AnyAsync(a => a.SupportContractId == contract.Id && a.Kind == kind, ct))
            return false;

        var now = time.GetUtcNow();
        var alert = new Alert
        {
            Id = Guid.CreateVersion7(),
            SupportContractId = contract.Id,
            OrganizationId = contract.OrganizationId,
            Kind = kind,
            RaisedAt = now,
            TotalIncidents = contract.TotalIncidents,
            RemainingIncidents = contract.RemainingIncidents,
            EndDate = contract.EndDate,
        };
        db.Alerts.Add(alert);
        db.OutboundEvents.Add(Notifications.OutboundEvent.New(Notifications.EventTypes.AlertRaised, alert.OrganizationId, null, null,
            AlertData(alert, contract.Name), now));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The unique index is the last word should the lock above ever be bypassed.
            await tx.RollbackAsync(ct);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        metrics.AlertsRaised.Add(1, new KeyValuePair<string, object?>("kind", AlertView.KindName(kind)));
        return true;
    }

    private static object AlertData(Alert alert, string contractName) => new
    {
        id = alert.Id,
        kind = AlertView.KindName(alert.Kind),
        supportContractId = alert.SupportContractId,
        contractName,
        organizationId = alert.OrganizationId,
        totalIncidents = alert.TotalIncidents,
        remainingIncidents = alert.RemainingIncidents,
        endDate = alert.EndDate,
        raisedAt = alert.RaisedAt,
    };
}
