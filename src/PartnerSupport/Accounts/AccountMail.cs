using Microsoft.Extensions.Options;
using PartnerSupport.Notifications;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>
/// The mail of invitations and password resets, added to the caller's unit of work so it is sent
/// exactly when the change commits. It goes whatever the person's notification setting (API.md:
/// "sent even when e-mail notifications are off"), straight to the outbox rather than through an
/// event's fan-out: the link is a secret, so it never enters an event's data (which webhooks
/// read), and the bodies are sealed (<see cref="MailSeal"/>). The event row is written already
/// claimed by both channels, only so that the message has the event it tells of.
/// </summary>
public sealed class AccountMail(IOptions<NotificationOptions> options, MailSeal seal)
{
    public const string InvitationEvent = "account.invitation";
    public const string PasswordResetEvent = "account.passwordReset";

    /// <param name="path">The portal page the link opens; the token is appended as <c>?token=</c>.</param>
    public void Add(
        AppDbContext db, string eventType, Guid? organizationId, Guid? userId, string address, string? language,
        string template, object[] args, string path, string token, DateTimeOffset now)
    {
        var e = OutboundEvent.New(eventType, organizationId, null, null, new { }, now);
        e.MailedAt = now;
        e.HookedAt = now;
        db.OutboundEvents.Add(e);
        var culture = MailTemplates.Culture(language);
        var link = $"{options.Value.PortalUrl.TrimEnd('/')}{path}?token={Uri.EscapeDataString(token)}";
        var content = MailTemplates.Compose(template, culture, args, null, link, null);
        db.EmailMessages.Add(new EmailMessage
        {
            Id = Guid.CreateVersion7(),
            EventId = e.Id,
            EventType = eventType,
            RecipientUserId = userId,
            RecipientAddress = address,
            Language = culture.Name,
            Subject = content.Subject,
            TextBody = seal.Seal(content.Text),
            HtmlBody = seal.Seal(content.Html),
            Sealed = true,
            Status = EmailStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        });
    }
}
