using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

public sealed record RecordResponseInput(string? Message);

/// <summary>
/// A support engineer answers a request: a public staff message of its conversation, kept under
/// this name for the clients and pages that answer this way. The first one sets the request's
/// first response time; later ones never move it, even when two engineers answer at once.
/// </summary>
public sealed class RecordResponse(AppDbContext db, PostMessage post, TimeProvider time)
{
    public async Task<Result<ServiceRequestView>> RunAsync(Caller caller, Guid id, RecordResponseInput input, CancellationToken ct = default)
    {
        if (!caller.IsStaff)
            return Error.Forbidden();
        var v = new Validator().Require("message", input.Message, Message.MaxLength);
        if (!v.IsValid)
            return v.ToError();
        var posted = await post.RunAsync(caller, id, new PostMessageInput(input.Message, "public"), ct);
        if (!posted.IsSuccess)
            return posted.Error!;
        var request = await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        return await ServiceRequestViews.LoadAsync(db, request, time.GetUtcNow(), ct);
    }
}
