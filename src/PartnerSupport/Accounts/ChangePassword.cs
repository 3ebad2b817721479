using Microsoft.AspNetCore.Identity;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

public sealed record ChangePasswordInput(string? CurrentPassword, string? NewPassword);

/// <summary>
/// The signed-in person changes the password. Identity renews the security stamp, which voids
/// every token and cookie issued before; the caller gets a fresh session from the answer.
/// </summary>
public sealed class ChangePassword(AppDbContext db, UserManager<User> users, CallerCache callers, TimeProvider time)
{
    public async Task<Result<User>> RunAsync(Caller caller, ChangePasswordInput input, CancellationToken ct = default)
    {
        if (caller.ApiKeyId is not null)
            return Error.Forbidden();
        var v = new Validator().Require("currentPassword", input.CurrentPassword, 256).Require("newPassword", input.NewPassword, 256);
        if (!v.IsValid)
            return v.ToError();
        var user = await users.FindByIdAsync(caller.UserId.ToString());
        if (user is null)
            return Error.Forbidden();
        // The lockout counts wrong current passwords too: a borrowed session cannot guess its way on.
        if (await users.IsLockedOutAsync(user))
            return new Error(ErrorKind.Unauthorized, ErrorCodes.InvalidCredentials, "InvalidCredentials");
        if (!await users.CheckPasswordAsync(user, input.CurrentPassword!))
        {
            await users.AccessFailedAsync(user);
            return Error.Validation("currentPassword", "is not the account's password");
        }
        db.Audit(caller, time.GetUtcNow(), "account.password", user.Email ?? user.Id.ToString());
        var changed = await users.ChangePasswordAsync(user, input.CurrentPassword!, input.NewPassword!);
        if (!changed.Succeeded)
        {
            db.ChangeTracker.Clear();
            return Error.Validation("newPassword", string.Join(" ", changed.Errors.Select(e => e.Description)));
        }
        callers.Forget(user.Id);
        return user;
    }
}
