using System.ComponentModel;
using PartnerSupport.Notifications;

namespace PartnerSupport.Web.Api;

/// <summary>An outbound message: an e-mail or a webhook delivery.</summary>
public sealed record OutboxItemDto(
    Guid Id,
    [property: OneOf("email", "webhook")] string Kind,
    [property: Description("The event type it tells of, e.g. `serviceRequest.message`.")] string Event,
    [property: Description("The e-mail address; null for a webhook delivery.")] string? Recipient,
    [property: OneOf("pending", "sent", "failed")] string Status,
    int Attempts,
    string? LastError,
    DateTime CreatedAt,
    DateTime? SentAt)
{
    public static OutboxItemDto From(OutboxItem i) => new(
        i.Id, i.Kind, i.Event, i.Recipient, i.Status, i.Attempts, i.LastError, i.CreatedAt.UtcDateTime, i.SentAt?.UtcDateTime);
}
