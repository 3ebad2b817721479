using PartnerSupport.Common;

namespace PartnerSupport.Casework;

public static class CaseEvents
{
    public static CaseEvent New(Guid serviceRequestId, DateTimeOffset at, CaseEventKind kind, Caller actor, string? detail) => new()
    {
        ServiceRequestId = serviceRequestId,
        At = at,
        Kind = kind,
        ActorUserId = actor.UserId == Guid.Empty ? null : actor.UserId,
        ActorName = actor.DisplayName,
        Detail = detail,
    };
}
