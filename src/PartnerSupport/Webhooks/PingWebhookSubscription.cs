using Microsoft.EntityFrameworkCore;
using PartnerSupport.Alerts;
using PartnerSupport.Common;
using PartnerSupport.Notifications;
using PartnerSupport.Storage;

namespace PartnerSupport.Webhooks;

/// <summary>Queues a <c>ping</c> to one subscription, whatever events it asked for, so its owner can test the receiver.</summary>
public sealed class PingWebhookSubscription(AppDbContext db, TimeProvider time)
{
    public async Task<Result<WebhookMessage>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (!WebhookAccess.CanManage(caller))
            return Error.Forbidden();
        var subscription = await db.WebhookSubscriptions.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
            return Error.NotFound(ErrorCodes.WebhookNotFound, "WebhookNotFound");
        var now = time.GetUtcNow();
        var data = System.Text.Json.JsonSerializer.Serialize(new { webhookId = subscription.Id });
        var delivery = WebhookEnvelope.NewDelivery(subscription.Id, null, EventTypes.Ping,
            deliveryId => WebhookEnvelope.For(deliveryId, EventTypes.Ping, now, subscription.OrganizationId, data), now);
        db.WebhookMessages.Add(delivery);
        await db.SaveChangesAsync(ct);
        return delivery;
    }
}
