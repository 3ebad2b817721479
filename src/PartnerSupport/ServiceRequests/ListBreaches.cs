using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

/// <summary>
/// Requests whose response target was missed, the most overdue first: every organization's for
/// staff, their own organization's for its admins (globalAdmin, mpnPartnerAdmin).
/// </summary>
public sealed class ListBreaches(AppDbContext db, TimeProvider time)
{
    public const int Limit = 500;

    public async Task<Result<IReadOnlyList<ServiceRequestView>>> RunAsync(Caller caller, CancellationToken ct = default)
    {
        IQueryable<ServiceRequest> query;
        if (caller.IsStaff)
            query = db.ServiceRequests.AsNoTracking();
        else if (caller.IsPartnerAdmin && caller.OrganizationId is { } orgId)
            query = db.ServiceRequests.AsNoTracking().Where(r => r.OrganizationId == orgId);
        else
            return Error.Forbidden();
        var now = time.GetUtcNow();
        var requests = await query.Where(ServiceRequest.BreachedAt(now))
            .OrderBy(r => r.ResponseDueAt)
            .ThenBy(r => r.Id)
            .Take(Limit)
            .ToListAsync(ct);
        return Result<IReadOnlyList<ServiceRequestView>>.From(await ServiceRequestViews.LoadAsync(db, requests, now, ct));
    }
}
