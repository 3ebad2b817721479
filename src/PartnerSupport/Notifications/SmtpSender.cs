using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PartnerSupport.Notifications;

/// <summary>Sends through the configured SMTP server with MailKit; shared by the outbox worker and <c>psctl mail test</c>.</summary>
public sealed class SmtpSender(IOptions<SmtpOptions> options)
{
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>One message, with its own connection; the server's answer to the message (e.g. "250 OK queued").</summary>
    public async Task<string> SendAsync(string to, string subject, string text, string html, Guid? id, CancellationToken ct)
    {
        var o = options.Value;
        var message = new MimeMessage();
        var from = MailboxAddress.Parse(o.From!);
        message.From.Add(from);
        // The outbox row's id: a receiver (or a test) can tell a resend from a new message.
        if (id is { } messageId)
            message.MessageId = $"{messageId:N}@{from.Domain}";
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.Timeout);
        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        var security = o.Security switch
        {
            "none" => SecureSocketOptions.None,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(o.Host!, o.Port, security, timeout.Token);
        if (!string.IsNullOrEmpty(o.Username))
            await client.AuthenticateAsync(o.Username, o.Password ?? "", timeout.Token);
        var answer = await client.SendAsync(message, timeout.Token);
        await client.DisconnectAsync(quit: true, timeout.Token);
        return answer;
    }
}
