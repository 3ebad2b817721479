using Microsoft.Extensions.Options;
using PartnerSupport.Common;

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

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Where events are POSTed; none configured means they wait in the outbox.</summary>
    public string? Url { get; set; }

    /// <summary>HMAC-SHA256 key; without it nothing is sent, as receivers could not authenticate it.</summary>
    public string? Secret { get; set; }

    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failure; each further failure doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url) && !string.IsNullOrEmpty(Secret);

    public IEnumerable<string> Problems()
    {
        foreach (var problem in Settings.HttpUrl($"{Section}:{nameof(Url)}", Url)
                     .Concat(Settings.AtLeast($"{Section}:{nameof(MaxAttempts)}", MaxAttempts, 1))
                     .Concat(Settings.Positive($"{Section}:{nameof(InitialBackoff)}", InitialBackoff))
                     .Concat(Settings.Positive($"{Section}:{nameof(MaxBackoff)}", MaxBackoff))
                     .Concat(Settings.Positive($"{Section}:{nameof(Timeout)}", Timeout))
                     .Concat(Settings.Positive($"{Section}:{nameof(PollInterval)}", PollInterval)))
            yield return problem;
        if (InitialBackoff > TimeSpan.Zero && MaxBackoff < InitialBackoff)
            yield return $"{Section}:{nameof(MaxBackoff)} must be at least {Section}:{nameof(InitialBackoff)} ({InitialBackoff}) (got {MaxBackoff}).";
    }

    public sealed class Validator : IValidateOptions<WebhookOptions>
    {
        public ValidateOptionsResult Validate(string? name, WebhookOptions options) => Settings.Result(options.Problems());
    }
}
