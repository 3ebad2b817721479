using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

public sealed record RecordResponseInput(string? Message);

/// <summary>
/// A support engineer (operator) answers a request. The first answer sets the request's first
/// response time, which decides whether the response target was met; later answers are kept but
/// never move it, even when two engineers answer at the same moment.
/// </summary>
public sealed class RecordResponse(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ServiceRequestView>> RunAsync(Caller caller, Guid id, RecordResponseInput input, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var v = new Validator().Require("message", input.Message, 10000);
        if (!v.IsValid)
            return v.ToError();
        if (!await db.ServiceRequests.AnyAsync(r => r.Id == id, ct))
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");

        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One conditional statement: of two answers racing, whichever commits first is the first response.
        await db.ServiceRequests.Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.FirstResponseAt, r => r.FirstResponseAt ?? now)
                .SetProperty(r => r.LastModifiedDate, now), ct);
        db.ServiceRequestResponses.Add(new ServiceRequestResponse
        {
            Id = Guid.CreateVersion7(),
            ServiceRequestId = id,
            At = now,
            AuthorUserId = caller.UserId == Guid.Empty ? null : caller.UserId,
            Author = caller.Actor,
            Message = input.Message!.Trim(),
        });
        db.Audit(caller, now, "servicerequest.respond", id);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var request = await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        return await ServiceRequestViews.LoadAsync(db, request, now, ct);
    }
}
