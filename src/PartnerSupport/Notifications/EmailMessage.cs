namespace PartnerSupport.Notifications;

/// <summary>
/// An e-mail outbox row: one message to one person, composed in their language when the event
/// was fanned out (so every attempt sends the same text), then sent by whichever node claims it
/// first (<see cref="SendEmails"/>).
/// </summary>
public sealed class EmailMessage
{
    public Guid Id { get; set; }

    /// <summary>The <see cref="OutboundEvent"/> it tells of.</summary>
    public Guid EventId { get; set; }

    public string EventType { get; set; } = "";

    /// <summary>Null for the staff inbox, which is an address rather than an account.</summary>
    public Guid? RecipientUserId { get; set; }

    public string RecipientAddress { get; set; } = "";
    public string Language { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";

    /// <summary>
    /// The bodies are sealed with <see cref="MailSeal"/> because they carry a one-time token;
    /// they are blanked once the message is sent or given up.
    /// </summary>
    public bool Sealed { get; set; }
    public EmailStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>While in the future, one node is sending the row; after it, the claim lapses (a crashed node).</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Identifies the claim that may record the outcome, so a lapsed claim cannot overwrite a newer one.</summary>
    public Guid? LockToken { get; set; }

    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

public enum EmailStatus
{
    Pending,
    Sent,
    Failed,
}
