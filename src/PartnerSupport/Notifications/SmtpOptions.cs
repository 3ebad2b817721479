using Microsoft.Extensions.Options;
using MimeKit;
using PartnerSupport.Common;

namespace PartnerSupport.Notifications;

/// <summary>The SMTP server e-mail goes through; without a host, messages wait in the outbox.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary><c>none</c> (plain, for a relay on the same host), <c>startTls</c> (upgrade on the port) or <c>tls</c> (implicit, usually 465).</summary>
    public string Security { get; set; } = "startTls";

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender address, optionally with a name: <c>Partner Support &lt;support@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public static readonly IReadOnlyList<string> SecurityNames = ["none", "startTls", "tls"];

    public IEnumerable<string> Problems()
    {
        foreach (var problem in Settings.Positive($"{Section}:{nameof(Timeout)}", Timeout))
            yield return problem;
        if (Port is < 1 or > 65535)
            yield return $"{Section}:{nameof(Port)} must be a port number from 1 to 65535 (got {Port}).";
        if (!SecurityNames.Contains(Security))
            yield return $"{Section}:{nameof(Security)} must be none, startTls or tls (got {Security}).";
        if (IsConfigured && (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out _)))
            yield return $"{Section}:{nameof(From)} must be the sender's e-mail address when {Section}:{nameof(Host)} is set (got {From}).";
        if (!string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password))
            yield return $"{Section}:{nameof(Password)} must be set when {Section}:{nameof(Username)} is (got nothing).";
    }

    public sealed class Validator : IValidateOptions<SmtpOptions>
    {
        public ValidateOptionsResult Validate(string? name, SmtpOptions options) => Settings.Result(options.Problems());
    }
}
