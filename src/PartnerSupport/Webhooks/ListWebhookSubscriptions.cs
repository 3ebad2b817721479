using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Webhooks;

/// <summary>The subscriptions the caller manages, oldest first; never their secrets.</summary>
public sealed class ListWebhookSubscriptions(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<WebhookSubscription>>> RunAsync(Caller caller, CancellationToken ct = default)
    {
        if (!WebhookAccess.CanManage(caller))
            return Error.Forbidden();
        var items = await db.WebhookSubscriptions.AsNoTracking().VisibleTo(caller)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Take(500)
            .ToListAsync(ct);
        return Result<IReadOnlyList<WebhookSubscription>>.From(items);
    }
}
