using System.Text.Json;

namespace PartnerSupport.Notifications;

/// <summary>
/// Something that happened which people or other systems are told about, written in the same
/// transaction as the change that caused it, so an event is never announced for a change that
/// rolled back nor lost for one that committed. Each channel (e-mail, webhook subscriptions)
/// turns it into its own outbox rows exactly once, whichever node gets there first.
/// </summary>
public sealed class OutboundEvent
{
    public Guid Id { get; set; }

    /// <summary>A name of <see cref="EventTypes"/>.</summary>
    public string EventType { get; set; } = "";

    /// <summary>Whose event it is: another organization's subscriptions and people never see it. Null for the program's own (ping).</summary>
    public Guid? OrganizationId { get; set; }

    public Guid? ServiceRequestId { get; set; }
    public Guid? ActorUserId { get; set; }

    /// <summary>The JSON object sent as the webhook body's <c>data</c>: only what the organization itself may read.</summary>
    public string Data { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when the e-mail channel has written this event's messages.</summary>
    public DateTimeOffset? MailedAt { get; set; }

    /// <summary>Set when the webhook channel has written this event's deliveries.</summary>
    public DateTimeOffset? HookedAt { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A new event; <paramref name="data"/> is serialized with the API's camelCase names.</summary>
    public static OutboundEvent New(string eventType, Guid? organizationId, Guid? serviceRequestId, Guid? actorUserId, object data, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        EventType = eventType,
        OrganizationId = organizationId,
        ServiceRequestId = serviceRequestId,
        ActorUserId = actorUserId,
        Data = JsonSerializer.Serialize(data, Json),
        CreatedAt = now,
    };
}
