using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Notifications;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

public sealed record AssignServiceRequestInput(Guid? AssigneeId);

/// <summary>Staff give a request to one of their own (or take it back: null unassigns).</summary>
public sealed class AssignServiceRequest(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ServiceRequestView>> RunAsync(Caller caller, Guid id, AssignServiceRequestInput input, CancellationToken ct = default)
    {
        if (!caller.IsStaff)
            return Error.Forbidden();
        var request = await db.ServiceRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        User? assignee = null;
        if (input.AssigneeId is { } assigneeId)
        {
            assignee = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == assigneeId, ct);
            if (assignee is null || assignee.OrganizationId is not null || (assignee.Roles & Roles.Staff) == 0)
                return Error.Validation("assigneeId", "must be the id of a staff account (operator or supportEngineer), or null to unassign");
        }
        var now = time.GetUtcNow();
        if (request.AssignedToUserId == input.AssigneeId)
            return await ServiceRequestViews.LoadAsync(db, request, now, ct);

        await using var tx = await db.BeginWriteTransactionAsync(ct);
        // Not a change of status or charge, so the version that guards those is left alone.
        await db.ServiceRequests.Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.AssignedToUserId, input.AssigneeId)
                .SetProperty(r => r.LastModifiedDate, now), ct);
        db.CaseEvents.Add(CaseEvents.New(id, now, CaseEventKind.Assigned, caller, assignee?.DisplayName));
        var assigned = await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        db.AnnounceRequest(EventTypes.ServiceRequestUpdated, assigned, caller, now,
            change: new { field = "assignment", from = request.AssignedToUserId, to = input.AssigneeId });
        db.Audit(caller, now, "servicerequest.assign", id, assignee?.Email ?? "unassigned");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var updated = await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        return await ServiceRequestViews.LoadAsync(db, updated, now, ct);
    }
}
