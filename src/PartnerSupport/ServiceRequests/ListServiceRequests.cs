using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

public sealed record ServiceRequestPage(IReadOnlyList<ServiceRequestView> Items, string? ContinuationToken);

/// <summary>Requests of the caller's organization and those the caller created, newest first.</summary>
public sealed class ListServiceRequests(AppDbContext db, TimeProvider time)
{
    public const int PageSize = 50;

    public async Task<Result<ServiceRequestPage>> RunAsync(Caller caller, string? continuationToken, CancellationToken ct = default)
    {
        var query = Visible(db, caller);
        if (continuationToken is not null)
        {
            // Keyset paging: request IDs are version-7 UUIDs, ordered by creation time.
            if (!Guid.TryParseExact(continuationToken, "N", out var after))
                return Error.Validation("continuationToken", "is not a token this service issued");
            query = query.Where(r => r.Id.CompareTo(after) < 0);
        }
        var items = await query.OrderByDescending(r => r.Id).Take(PageSize + 1).ToListAsync(ct);
        var next = items.Count > PageSize ? items[PageSize - 1].Id.ToString("N", CultureInfo.InvariantCulture) : null;
        return new ServiceRequestPage(await ServiceRequestViews.LoadAsync(db, items.Take(PageSize).ToList(), time.GetUtcNow(), ct), next);
    }

    internal static IQueryable<ServiceRequest> Visible(AppDbContext db, Caller caller) =>
        caller.OrganizationId is { } orgId
            ? db.ServiceRequests.AsNoTracking().Where(r => r.OrganizationId == orgId || r.CreatedByUserId == caller.UserId)
            : db.ServiceRequests.AsNoTracking().Where(r => r.CreatedByUserId == caller.UserId);

    /// <summary>
    /// The requests the caller may read: operators every one, anyone else those of the list.
    /// The one rule for reading a request and for anything that shows a request's details.
    /// </summary>
    internal static IQueryable<ServiceRequest> Readable(AppDbContext db, Caller caller) =>
        caller.IsOperator ? db.ServiceRequests.AsNoTracking() : Visible(db, caller);
}

public sealed class GetServiceRequest(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ServiceRequestView>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        var request = await ListServiceRequests.Readable(db, caller).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
            return Error.NotFound("service-request-not-found", "ServiceRequestNotFound");
        return await ServiceRequestViews.LoadAsync(db, request, time.GetUtcNow(), ct);
    }
}
