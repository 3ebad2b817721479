using System.Text.Json.Nodes;
using PartnerSupport.Alerts;

namespace PartnerSupport.Webhooks;

/// <summary>The bodies deliveries carry, fixed when the delivery is written so every attempt signs the same bytes.</summary>
public static class WebhookEnvelope
{
    /// <summary>A subscription's body: <c>{id, event, createdAt, organizationId, data}</c>; <c>id</c> is the delivery's, to dedupe on.</summary>
    public static string For(Guid deliveryId, string eventType, DateTimeOffset createdAt, Guid? organizationId, string dataJson) =>
        new JsonObject
        {
            ["id"] = deliveryId,
            ["event"] = eventType,
            ["createdAt"] = createdAt,
            ["organizationId"] = organizationId,
            ["data"] = JsonNode.Parse(dataJson),
        }.ToJsonString();

    /// <summary>
    /// The configured <c>Webhooks:Url</c>'s body for an alert, as it has always been
    /// (<c>{id, type, createdAt, alert}</c>), so existing receivers keep working.
    /// </summary>
    public static string ForConfiguredUrl(Guid deliveryId, string eventType, DateTimeOffset createdAt, string alertJson) =>
        new JsonObject
        {
            ["id"] = deliveryId,
            ["type"] = eventType,
            ["createdAt"] = createdAt,
            ["alert"] = JsonNode.Parse(alertJson),
        }.ToJsonString();

    public static WebhookMessage NewDelivery(Guid? subscriptionId, Guid? outboundEventId, string eventType, Func<Guid, string> payload, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7();
        return new WebhookMessage
        {
            Id = id,
            SubscriptionId = subscriptionId,
            OutboundEventId = outboundEventId,
            EventType = eventType,
            Payload = payload(id),
            CreatedAt = now,
            Status = WebhookStatus.Pending,
            NextAttemptAt = now,
        };
    }
}
