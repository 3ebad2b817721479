using System.ComponentModel;
using PartnerSupport.Alerts;
using PartnerSupport.Webhooks;

namespace PartnerSupport.Web.Api;

/// <summary>A webhook subscription, without its secret.</summary>
public sealed record WebhookSubscriptionDto(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    [property: Description("Null: an operator's subscription, which hears every organization's events.")] Guid? OrganizationId,
    DateTime CreatedAt)
{
    public static WebhookSubscriptionDto From(WebhookSubscription s) =>
        new(s.Id, s.Url, s.EventList, s.Description, s.OrganizationId, s.CreatedAt.UtcDateTime);
}

/// <summary>A new webhook subscription with its signing secret, which is never shown again.</summary>
public sealed record CreatedWebhookSubscriptionDto(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    Guid? OrganizationId,
    [property: Description("The HMAC-SHA256 key of `X-PartnerSupport-Signature`; shown this once.")] string Secret,
    DateTime CreatedAt)
{
    public static CreatedWebhookSubscriptionDto From(CreatedWebhookSubscription c) =>
        new(c.Subscription.Id, c.Subscription.Url, c.Subscription.EventList, c.Subscription.Description, c.Subscription.OrganizationId,
            c.Secret, c.Subscription.CreatedAt.UtcDateTime);
}

/// <summary>One event sent, or to be sent, to one subscription.</summary>
public sealed record WebhookDeliveryDto(
    Guid Id,
    string Event,
    [property: OneOf("pending", "delivered", "failed")] string Status,
    int Attempts,
    [property: Description("The receiver's HTTP status at the last attempt; null when it did not answer.")] int? LastStatusCode,
    string? LastError,
    [property: Description("When the next attempt is due; null unless pending.")] DateTime? NextAttemptAt,
    DateTime CreatedAt)
{
    public static string StatusName(WebhookStatus status) => status switch
    {
        WebhookStatus.Pending => "pending",
        WebhookStatus.Delivered => "delivered",
        _ => "failed",
    };

    public static WebhookDeliveryDto From(WebhookMessage m) =>
        new(m.Id, m.EventType, StatusName(m.Status), m.Attempts, m.LastStatusCode, m.LastError,
            m.Status == WebhookStatus.Pending ? m.NextAttemptAt.UtcDateTime : null, m.CreatedAt.UtcDateTime);
}
