using Microsoft.EntityFrameworkCore;
using PartnerSupport.Alerts;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Webhooks;

/// <summary>
/// Sends a delivery once more, now: a failed one gets one more attempt (it fails again for good
/// if that attempt fails), a waiting one skips the rest of its back-off, a delivered one is sent
/// again with the same id and body, which receivers dedupe on.
/// </summary>
public sealed class RetryWebhookDelivery(AppDbContext db, TimeProvider time)
{
    public async Task<Result<WebhookMessage>> RunAsync(Caller caller, Guid id, Guid deliveryId, CancellationToken ct = default)
    {
        if (!WebhookAccess.CanManage(caller))
            return Error.Forbidden();
        if (!await db.WebhookSubscriptions.VisibleTo(caller).AnyAsync(s => s.Id == id, ct))
            return Error.NotFound(ErrorCodes.WebhookNotFound, "WebhookNotFound");
        var now = time.GetUtcNow();
        var mine = db.WebhookMessages.Where(m => m.Id == deliveryId && m.SubscriptionId == id);
        if (!await mine.AnyAsync(ct))
            return Error.NotFound(ErrorCodes.WebhookDeliveryNotFound, "WebhookDeliveryNotFound");
        // Not while a node holds it: its outcome would overwrite this.
        var queued = await mine.Where(m => m.LockedUntil == null || m.LockedUntil <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, WebhookStatus.Pending)
                .SetProperty(m => m.NextAttemptAt, now), ct);
        if (queued == 0)
            return Error.Conflict(ErrorCodes.WebhookDeliveryInFlight, "WebhookDeliveryInFlight");
        db.Audit(caller, now, "webhook.retry", deliveryId, $"subscription {id}");
        await db.SaveChangesAsync(ct);
        return await db.WebhookMessages.AsNoTracking().SingleAsync(m => m.Id == deliveryId, ct);
    }
}
