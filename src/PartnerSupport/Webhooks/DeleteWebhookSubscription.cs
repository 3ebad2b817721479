using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Webhooks;

/// <summary>Ends a subscription; its deliveries, sent or waiting, go with it.</summary>
public sealed class DeleteWebhookSubscription(AppDbContext db, TimeProvider time)
{
    public async Task<Result<bool>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (!WebhookAccess.CanManage(caller))
            return Error.Forbidden();
        var subscription = await db.WebhookSubscriptions.VisibleTo(caller).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
            return Error.NotFound(ErrorCodes.WebhookNotFound, "WebhookNotFound");
        db.WebhookSubscriptions.Remove(subscription);
        db.Audit(caller, time.GetUtcNow(), "webhook.delete", subscription.Id, new Uri(subscription.Url).Host);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
