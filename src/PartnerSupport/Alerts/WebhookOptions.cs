using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Alerts;

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

    /// <summary>Lets subscriptions use plain http. For tests and closed networks only: the body and signature travel in clear.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Lets subscriptions reach loopback, private, link-local and unique-local addresses. Off, no
    /// organization can make the server call into the network it runs in.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

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
