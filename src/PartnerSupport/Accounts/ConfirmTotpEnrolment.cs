using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>
/// A code from the new secret proves the app holds it: from now on signing in needs a second
/// factor. Returns the ten recovery codes, which are stored only as hashes and never shown again.
/// The sessions go on: the person enrolling is the one signed in.
/// </summary>
public sealed class ConfirmTotpEnrolment(AppDbContext db, TotpSecrets secrets, CallerCache callers, TimeProvider time)
{
    public async Task<Result<IReadOnlyList<string>>> RunAsync(Caller caller, string? code, CancellationToken ct = default)
    {
        if (caller.ApiKeyId is not null)
            return Error.Forbidden();
        var v = new Validator().Require("code", code, 16);
        if (!v.IsValid)
            return v.ToError();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == caller.UserId, ct);
        if (user is null)
            return Error.Forbidden();
        if (user.TwoFactorEnabled)
            return Error.Conflict(ErrorCodes.MfaAlreadyEnabled, "MfaAlreadyEnabled");
        if (user.TotpSecret is null)
            return Error.Validation("code", "start the enrolment first (POST /v1/account/mfa/totp)");
        var now = time.GetUtcNow();
        if (Totp.Match(secrets.Unprotect(user.TotpSecret), code!.Trim(), now) is not { } step)
            return Error.Validation("code", "is not the current code of the authenticator app");

        user.TwoFactorEnabled = true;
        user.TotpLastStep = step;
        await db.RecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
        var codes = Enumerable.Range(0, RecoveryCodes.Count).Select(_ => RecoveryCodes.New()).ToArray();
        db.RecoveryCodes.AddRange(codes.Select(c => new RecoveryCode { UserId = user.Id, Hash = RecoveryCodes.Hash(c) }));
        db.Audit(caller, now, "account.mfa.enable", user.Email ?? user.Id.ToString());
        await db.SaveChangesAsync(ct);
        callers.Forget(user.Id);
        return codes;
    }
}
