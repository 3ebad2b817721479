using Microsoft.AspNetCore.DataProtection;

namespace PartnerSupport.Notifications;

/// <summary>
/// Keeps the bodies of mail that carries a secret (an invitation's or a password reset's link)
/// encrypted in the outbox with Data Protection, whose key ring every node shares; the sender
/// opens them at the moment of sending and blanks them once sent. So the token exists in clear
/// only in the mail itself, and a copy of the outbox table holds nothing usable.
/// </summary>
public sealed class MailSeal(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("PartnerSupport.Notifications.SealedMail");

    public string Seal(string body) => _protector.Protect(body);

    public string Open(string sealedBody) => _protector.Unprotect(sealedBody);
}
