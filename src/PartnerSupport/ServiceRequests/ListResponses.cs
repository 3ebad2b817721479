using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

/// <summary>The answers given on a request, oldest first, for whoever may read the request.</summary>
public sealed class ListResponses(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<ServiceRequestResponse>>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        var query = ListServiceRequests.Readable(db, caller);
        if (!await query.AnyAsync(r => r.Id == id, ct))
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        var items = await db.ServiceRequestResponses.AsNoTracking()
            .Where(r => r.ServiceRequestId == id)
            .OrderBy(r => r.Id)
            .ToListAsync(ct);
        return Result<IReadOnlyList<ServiceRequestResponse>>.From(items);
    }
}
