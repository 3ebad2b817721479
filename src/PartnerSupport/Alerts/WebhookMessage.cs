namespace PartnerSupport.Alerts;

/// <summary>
/// A delivery in the webhook outbox: one event for one receiver, written when the event is fanned
/// out to the subscriptions (or at a ping), then delivered by whichever node claims it first
/// (<see cref="DeliverWebhooks"/>).
/// </summary>
public sealed class WebhookMessage
{
    public Guid Id { get; set; }

    /// <summary>The subscription it goes to; null for the configured <c>Webhooks:Url</c>.</summary>
    public Guid? SubscriptionId { get; set; }

    /// <summary>The event it announces; null for a ping, which is no event of the organization.</summary>
    public Guid? OutboundEventId { get; set; }

    public string EventType { get; set; } = "";

    /// <summary>The exact JSON body sent, fixed when written, so every attempt signs the same bytes.</summary>
    public string Payload { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public WebhookStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>While in the future, one node is sending the row; after it, the claim lapses (a crashed node).</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Identifies the claim that may record the outcome, so a lapsed claim cannot overwrite a newer one.</summary>
    public Guid? LockToken { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The receiver's HTTP status at the last attempt; null when it never answered.</summary>
    public int? LastStatusCode { get; set; }
}

public enum WebhookStatus
{
    Pending,
    Delivered,
    Failed,
}
