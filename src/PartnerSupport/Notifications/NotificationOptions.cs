using Microsoft.Extensions.Options;
using MimeKit;
using PartnerSupport.Common;

namespace PartnerSupport.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Where a partner's message goes while its request has no assignee; none means nobody is mailed.</summary>
    public string? StaffInbox { get; set; }

    /// <summary>
    /// The portal's address as people reach it (behind the proxy), for the links in e-mail. A
    /// setting rather than a request's host: mail is written by a worker, outside any request.
    /// </summary>
    public string PortalUrl { get; set; } = "http://127.0.0.1:5080";

    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failure; each further failure doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Problems()
    {
        foreach (var problem in Settings.HttpUrl($"{Section}:{nameof(PortalUrl)}", PortalUrl)
                     .Concat(Settings.AtLeast($"{Section}:{nameof(MaxAttempts)}", MaxAttempts, 1))
                     .Concat(Settings.Positive($"{Section}:{nameof(InitialBackoff)}", InitialBackoff))
                     .Concat(Settings.Positive($"{Section}:{nameof(MaxBackoff)}", MaxBackoff))
                     .Concat(Settings.Positive($"{Section}:{nameof(PollInterval)}", PollInterval)))
            yield return problem;
        if (string.IsNullOrWhiteSpace(PortalUrl))
            yield return $"{Section}:{nameof(PortalUrl)} must be the portal's absolute http or https URL (got nothing).";
        if (!string.IsNullOrWhiteSpace(StaffInbox) && !MailboxAddress.TryParse(StaffInbox, out _))
            yield return $"{Section}:{nameof(StaffInbox)} must be an e-mail address (got {StaffInbox}).";
        if (InitialBackoff > TimeSpan.Zero && MaxBackoff < InitialBackoff)
            yield return $"{Section}:{nameof(MaxBackoff)} must be at least {Section}:{nameof(InitialBackoff)} ({InitialBackoff}) (got {MaxBackoff}).";
    }

    /// <summary>Back-off: InitialBackoff after the first failure, doubled after each further one, capped.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(InitialBackoff.Ticks * factor, MaxBackoff.Ticks));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    public sealed class Validator : IValidateOptions<NotificationOptions>
    {
        public ValidateOptionsResult Validate(string? name, NotificationOptions options) => Settings.Result(options.Problems());
    }
}
