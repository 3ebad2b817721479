using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Notifications;

/// <summary>
/// The one way a use case records an event for e-mail and webhook subscriptions: added to the
/// caller's unit of work, so it commits with the change it announces or not at all. The data
/// builders below hold what a webhook body's <c>data</c> says about each kind of thing, so every
/// announcer describes a request (or a message) the same way.
/// </summary>
public static class Announcements
{
    /// <summary>
    /// A partner's file sent without a message: the engineer is mailed, yet it is no catalogue
    /// event, so webhook subscriptions never see it.
    /// </summary>
    public const string AttachmentAdded = "serviceRequest.attachment";

    public static OutboundEvent Announce(
        this AppDbContext db, string eventType, Guid? organizationId, Guid? serviceRequestId, Caller? actor, object data, DateTimeOffset now)
    {
        var e = OutboundEvent.New(eventType, organizationId, serviceRequestId,
            actor is null || actor.UserId == Guid.Empty ? null : actor.UserId, data, now);
        db.OutboundEvents.Add(e);
        return e;
    }

    /// <summary>An event about a request, owned by the request's organization.</summary>
    public static OutboundEvent AnnounceRequest(
        this AppDbContext db, string eventType, ServiceRequest request, Caller? actor, DateTimeOffset now, object? message = null, object? change = null) =>
        db.Announce(eventType, request.OrganizationId, request.Id, actor, new { serviceRequest = Request(request), message, change }, now);

    /// <summary>What a request's event says of it: what its organization reads on the request anyway.</summary>
    public static object Request(ServiceRequest r) => new
    {
        id = r.Id,
        title = r.Title,
        status = ServiceRequest.StatusName(r.Status),
        severity = r.Severity.ToString().ToLowerInvariant(),
        organizationId = r.OrganizationId,
        supportContractId = r.SupportContractId,
        assignedToUserId = r.AssignedToUserId,
        createdDate = r.CreatedDate,
        lastModifiedDate = r.LastModifiedDate,
    };
}
