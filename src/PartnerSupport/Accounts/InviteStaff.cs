using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>
/// An operator invites a member of the staff (<c>POST /v1/staff/invitations</c>): the
/// account, with no organization and the staff roles chosen, is created when the invitee accepts.
/// </summary>
public sealed record InviteStaffInput(string? Email, string? DisplayName, IReadOnlyList<string>? Roles);

public sealed class InviteStaff(AppDbContext db, UserManager<User> users, AccountMail mail, IOptions<InvitationOptions> options, TimeProvider time)
{
    public async Task<Result<IssuedInvitation>> RunAsync(Caller caller, InviteStaffInput input, CancellationToken ct = default)
    {
        if (!caller.IsOperator || caller.ApiKeyId is not null)
            return Error.Forbidden();
        var v = new Validator().Require("email", input.Email, 256).Optional("displayName", input.DisplayName);
        v.Check(input.Email is null || CreateUser.IsEmail(input.Email.Trim()), "email", "must be an e-mail address");
        var roles = Roles.None;
        v.Check(RoleNames.TryParseStaffRoles(input.Roles ?? [], out roles) && roles != Roles.None, "roles", "must be one or both of operator, supportEngineer");
        if (!v.IsValid)
            return v.ToError();
        return await Invitations.IssueAsync(db, users, mail, options.Value.Lifetime, caller, null,
            input.Email!.Trim(), input.DisplayName?.Trim(), roles, time.GetUtcNow(), ct);
    }
}
