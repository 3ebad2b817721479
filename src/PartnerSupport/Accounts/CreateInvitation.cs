using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

public sealed record CreateInvitationInput(string? Email, IReadOnlyList<string>? Roles, string? DisplayName);

/// <summary>
/// A global admin (or an operator, for instance for the organization's first admin) invites a
/// person into the organization with the roles chosen; the account exists once they accept.
/// </summary>
public sealed class CreateInvitation(AppDbContext db, UserManager<User> users, AccountMail mail, IOptions<InvitationOptions> options, TimeProvider time)
{
    public async Task<Result<IssuedInvitation>> RunAsync(Caller caller, Guid organizationId, CreateInvitationInput input, CancellationToken ct = default)
    {
        if (await OrganizationAdministration.RefuseAsync(db, caller, organizationId, ct) is { } refused)
            return refused;
        var v = new Validator().Require("email", input.Email, 256).Optional("displayName", input.DisplayName);
        v.Check(input.Email is null || CreateUser.IsEmail(input.Email.Trim()), "email", "must be an e-mail address");
        var roles = Roles.None;
        v.Check(input.Roles is not null && RoleNames.TryParseOrganizationRoles(input.Roles, out roles), "roles", "must be a list of globalAdmin, mpnPartnerAdmin or adminAgent");
        if (!v.IsValid)
            return v.ToError();
        return await Invitations.IssueAsync(db, users, mail, options.Value.Lifetime, caller, organizationId,
            input.Email!.Trim(), input.DisplayName?.Trim(), roles, time.GetUtcNow(), ct);
    }
}
