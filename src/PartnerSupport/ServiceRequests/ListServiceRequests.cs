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
        db.ServiceRequests.AsNoTracking().Where(ServiceRequest.VisibleTo(caller));

    internal static IQueryable<ServiceRequest> Readable(AppDbContext db, Caller caller) =>
        db.ServiceRequests.AsNoTracking().Where(ServiceRequest.ReadableBy(caller));
}
