using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

public sealed class GetServiceRequest(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ServiceRequestView>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        var request = await ListServiceRequests.Readable(db, caller).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        return await ServiceRequestViews.LoadAsync(db, request, time.GetUtcNow(), ct);
    }
}
