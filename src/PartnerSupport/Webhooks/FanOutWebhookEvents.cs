using Microsoft.EntityFrameworkCore;
using PartnerSupport.Alerts;
using PartnerSupport.Notifications;
using PartnerSupport.Storage;

namespace PartnerSupport.Webhooks;

/// <summary>
/// The worker's pass that turns outbound events into deliveries: one per subscription that asked
/// for the event and may hear it (the event's organization's own, and the operators'), plus the
/// configured <c>Webhooks:Url</c>'s for <c>alert.raised</c>. Each event is claimed by a
/// conditional update of <see cref="OutboundEvent.HookedAt"/> in the same transaction that writes
/// its deliveries, so of several nodes one does it, once, and a node that fails does none of it.
/// </summary>
public sealed class FanOutWebhookEvents(AppDbContext db, TimeProvider time)
{
    public const int BatchSize = 50;

    /// <summary>How many events this pass claimed.</summary>
    public async Task<int> RunAsync(int batchSize = BatchSize, CancellationToken ct = default)
    {
        var waiting = await db.OutboundEvents.AsNoTracking()
            .Where(e => e.HookedAt == null)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .Select(e => e.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        var claimed = 0;
        foreach (var id in waiting)
        {
            if (await FanOutAsync(id, ct))
                claimed++;
        }
        return claimed;
    }

    private async Task<bool> FanOutAsync(Guid id, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var now = time.GetUtcNow();
        // A second node's update waits for this transaction, then finds HookedAt set and claims nothing.
        if (await db.OutboundEvents.Where(e => e.Id == id && e.HookedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.HookedAt, now), ct) == 0)
            return false;
        var ev = await db.OutboundEvents.AsNoTracking().SingleAsync(e => e.Id == id, ct);
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking()
            .Where(s => s.OrganizationId == null || (ev.OrganizationId != null && s.OrganizationId == ev.OrganizationId))
            .ToListAsync(ct);
        foreach (var subscription in subscriptions.Where(s => s.Hears(ev.EventType)))
        {
            db.WebhookMessages.Add(WebhookEnvelope.NewDelivery(subscription.Id, ev.Id, ev.EventType,
                deliveryId => WebhookEnvelope.For(deliveryId, ev.EventType, ev.CreatedAt, ev.OrganizationId, ev.Data), now));
        }
        // Written whether or not a URL is configured yet: alerts wait in the outbox until one is.
        if (ev.EventType == EventTypes.AlertRaised)
        {
            db.WebhookMessages.Add(WebhookEnvelope.NewDelivery(null, ev.Id, ev.EventType,
                deliveryId => WebhookEnvelope.ForConfiguredUrl(deliveryId, ev.EventType, ev.CreatedAt, ev.Data), now));
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return true;
    }
}
