using Microsoft.AspNetCore.DataProtection;

namespace PartnerSupport.Accounts;

/// <summary>
/// Keeps TOTP secrets encrypted with Data Protection, whose key ring lives in the database: any
/// node can read a secret back to check a code, a copy of the table alone cannot.
/// </summary>
public sealed class TotpSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("PartnerSupport.Accounts.Totp");

    public string Protect(byte[] secret) => Convert.ToBase64String(_protector.Protect(secret));

    public byte[] Unprotect(string stored) => _protector.Unprotect(Convert.FromBase64String(stored));
}
