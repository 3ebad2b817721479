using Microsoft.AspNetCore.Identity;
using PartnerSupport.Common;

namespace PartnerSupport.Accounts;

/// <summary>
/// Checks an e-mail and password with Identity's lockout: repeated failures lock the account for
/// a while, and a locked account is refused even with the right password. Every refusal looks
/// the same, so the answer does not tell which e-mails exist.
/// </summary>
public sealed class VerifyCredentials(UserManager<User> users)
{
    public async Task<Result<User>> RunAsync(string? email, string? password, CancellationToken ct = default)
    {
        var invalid = new Error(ErrorKind.Unauthorized, ErrorCodes.InvalidCredentials, "InvalidCredentials");
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || email.Length > 256 || password.Length > 256 || email.Any(char.IsControl))
            return invalid;
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || user.Disabled || user.IsApiKey || await users.IsLockedOutAsync(user))
            return invalid;
        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return invalid;
        }
        if (await users.GetAccessFailedCountAsync(user) > 0)
            await users.ResetAccessFailedCountAsync(user);
        return user;
    }
}
