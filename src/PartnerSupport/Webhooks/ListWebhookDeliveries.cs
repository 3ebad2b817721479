using Microsoft.EntityFrameworkCore;
using PartnerSupport.Alerts;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Webhooks;

/// <summary>A subscription's delivery history, newest first.</summary>
public sealed class ListWebhookDeliveries(AppDbContext db)
{
    public const int Limit = 200;

    public async Task<Result<IReadOnlyList<WebhookMessage>>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (!WebhookAccess.CanManage(caller))
            return Error.Forbidden();
        if (!await db.WebhookSubscriptions.VisibleTo(caller).AnyAsync(s => s.Id == id, ct))
            return Error.NotFound(ErrorCodes.WebhookNotFound, "WebhookNotFound");
        var items = await db.WebhookMessages.AsNoTracking()
            .Where(m => m.SubscriptionId == id)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Take(Limit)
            .ToListAsync(ct);
        return Result<IReadOnlyList<WebhookMessage>>.From(items);
    }
}
