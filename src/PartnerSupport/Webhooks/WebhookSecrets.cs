using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace PartnerSupport.Webhooks;

/// <summary>Makes, encrypts and recovers subscription secrets with the Data Protection key ring every node shares.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("PartnerSupport.Webhooks.SubscriptionSecret.v1");

    public static string NewSecret() => "whsec_" + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
