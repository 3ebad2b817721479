using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

public sealed record TotpEnrolment(string Secret, string OtpauthUri);

/// <summary>
/// A new TOTP secret for the signed-in account, not yet required: it counts once a code from it
/// is confirmed. Starting again replaces an unconfirmed secret; a confirmed one stays.
/// </summary>
public sealed class StartTotpEnrolment(AppDbContext db, TotpSecrets secrets, TimeProvider time)
{
    public const string Issuer = "PartnerSupport";

    public async Task<Result<TotpEnrolment>> RunAsync(Caller caller, CancellationToken ct = default)
    {
        if (caller.ApiKeyId is not null)
            return Error.Forbidden();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == caller.UserId, ct);
        if (user is null)
            return Error.Forbidden();
        if (user.TwoFactorEnabled)
            return Error.Conflict(ErrorCodes.MfaAlreadyEnabled, "MfaAlreadyEnabled");
        var secret = RandomNumberGenerator.GetBytes(20);
        user.TotpSecret = secrets.Protect(secret);
        user.TotpLastStep = null;
        db.Audit(caller, time.GetUtcNow(), "account.mfa.start", user.Email ?? user.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new TotpEnrolment(Totp.Base32(secret), Totp.OtpauthUri(Issuer, user.Email ?? user.Id.ToString(), secret));
    }
}
