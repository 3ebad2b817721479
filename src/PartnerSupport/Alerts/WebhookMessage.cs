namespace PartnerSupport.Alerts;

/// <summary>
/// An outbox row: a webhook event written in the same transaction as what it announces, then
/// delivered by whichever node claims it first (<see cref="DeliverWebhooks"/>).
/// </summary>
public sealed class WebhookMessage
{
    public Guid Id { get; set; }
    public Guid AlertId { get; set; }
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
}

public enum WebhookStatus
{
    Pending,
    Delivered,
    Failed,
}
