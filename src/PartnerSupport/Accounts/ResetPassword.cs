using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

public sealed record ResetPasswordInput(string? Token, string? NewPassword);

/// <summary>
/// Sets a new password with a mailed reset token, once. The token is claimed by a conditional
/// update in the same transaction that sets the password, so it works once however many tries
/// race. The new security stamp ends every session of the account; the account's other reset
/// tokens are spent, and the lockout is lifted (the mailbox proved who this is).
/// </summary>
public sealed class ResetPassword(AppDbContext db, UserManager<User> users, CallerCache callers, TimeProvider time)
{
    private static Error Invalid => new(ErrorKind.Validation, ErrorCodes.ResetTokenInvalid, "ResetTokenInvalid");

    public async Task<Result<User>> RunAsync(ResetPasswordInput input, CancellationToken ct = default)
    {
        var v = new Validator().Require("token", input.Token, 200).Require("newPassword", input.NewPassword, 256);
        if (!v.IsValid)
            return v.ToError();
        var hash = OneTimeTokens.Hash(input.Token);
        var now = time.GetUtcNow();
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var reset = await db.PasswordResetTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (reset is null || reset.UsedAt is not null || reset.ExpiresAt <= now)
            return Invalid;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == reset.UserId && !u.IsApiKey && !u.Disabled, ct);
        if (user is null)
            return Invalid;

        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, user, input.NewPassword!);
            problems.AddRange(checkedPassword.Errors.Select(e => e.Description));
        }
        if (problems.Count > 0)
            return Error.Validation("newPassword", string.Join(" ", problems));

        var claimed = await db.PasswordResetTokens
            .Where(t => t.Id == reset.Id && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (claimed == 0)
            return Invalid;
        await db.PasswordResetTokens.Where(t => t.UserId == user.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);

        user.PasswordHash = users.PasswordHasher.HashPassword(user, input.NewPassword!);
        // Every token and cookie carries the stamp: a new one voids them all, on every node.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        db.Audit(Caller.From(user), now, "password-reset.confirm", user.Email ?? user.Id.ToString(), "password set; every session ended");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        callers.Forget(user.Id);
        return user;
    }
}
