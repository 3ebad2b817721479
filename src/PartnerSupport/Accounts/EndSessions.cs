using Microsoft.AspNetCore.Identity;
using PartnerSupport.Common;

namespace PartnerSupport.Accounts;

/// <summary>
/// Signing out ends every session of the account: a new security stamp voids all cookies and
/// bearer tokens issued before, so a copied cookie or a leaked token stops working too.
/// </summary>
public sealed class EndSessions(UserManager<User> users, CallerCache callers)
{
    public async Task RunAsync(Caller caller, CancellationToken ct = default)
    {
        if (await users.FindByIdAsync(caller.UserId.ToString()) is { } user)
            await users.UpdateSecurityStampAsync(user);
        callers.Forget(caller.UserId);
    }
}
