using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>
/// Signing in, for the API's token and the portal alike: the password, then the second factor
/// when the account has one (a current code or an unused recovery code), then the time of the
/// sign-in for the organization's admins to see.
/// </summary>
public sealed class SignIn(VerifyCredentials verify, AppDbContext db, UserManager<User> users, TotpSecrets secrets, TimeProvider time)
{
    public async Task<Result<User>> RunAsync(string? email, string? password, string? otp, CancellationToken ct = default)
    {
        var verified = await verify.RunAsync(email, password, ct);
        if (!verified.IsSuccess)
            return verified;
        return await CompleteAsync(verified.Value, otp, ct);
    }

    /// <summary>
    /// The portal's second page: the password was checked on the first, for the account and
    /// security stamp the page's protected ticket names; only the code is checked now.
    /// </summary>
    public async Task<Result<User>> SecondFactorAsync(Guid userId, string stamp, string? otp, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || user.Disabled || user.SecurityStamp != stamp || await users.IsLockedOutAsync(user))
            return new Error(ErrorKind.Unauthorized, ErrorCodes.InvalidCredentials, "InvalidCredentials");
        return await CompleteAsync(user, otp, ct);
    }

    private async Task<Result<User>> CompleteAsync(User user, string? otp, CancellationToken ct)
    {
        if (user.TwoFactorEnabled)
        {
            var mfaRequired = new Error(ErrorKind.Unauthorized, ErrorCodes.MfaRequired, "MfaRequired");
            if (string.IsNullOrWhiteSpace(otp) || otp.Length > 32)
                return mfaRequired;
            if (!await AcceptSecondFactorAsync(user, otp.Trim(), ct))
            {
                // Wrong codes count toward the lockout like wrong passwords: six digits are guessable otherwise.
                await users.AccessFailedAsync(user);
                return mfaRequired;
            }
        }
        var now = time.GetUtcNow();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now), ct);
        user.LastSignInAt = now;
        return user;
    }

    /// <summary>Whether the account needs a code: the portal asks for it on a second page.</summary>
    public static bool NeedsSecondFactor(Error error) => error.Code == ErrorCodes.MfaRequired;

    private async Task<bool> AcceptSecondFactorAsync(User user, string code, CancellationToken ct)
    {
        if (code.All(char.IsAsciiDigit) && user.TotpSecret is not null)
        {
            if (Totp.Match(secrets.Unprotect(user.TotpSecret), code, time.GetUtcNow()) is not { } step)
                return false;
            // Only a later step than the last one accepted: a code seen over a shoulder is spent.
            return await db.Users
                .Where(u => u.Id == user.Id && (u.TotpLastStep == null || u.TotpLastStep < step))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpLastStep, step), ct) == 1;
        }
        var hash = RecoveryCodes.Hash(code);
        var now = time.GetUtcNow();
        // One statement, so two sign-ins with the same code cannot both use it.
        return await db.RecoveryCodes
            .Where(c => c.UserId == user.Id && c.Hash == hash && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct) == 1;
    }
}
