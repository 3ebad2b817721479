using Microsoft.AspNetCore.Identity;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

public sealed record CreateStaffInput(string? Email, string? DisplayName, IReadOnlyList<string>? Roles, string? Password);

/// <summary>
/// An operator adds a member of the program's staff: an operator or a support engineer, who
/// belongs to no organization, with the password the operator gives; to let the person choose it, the operator
/// invites them instead (<see cref="InviteStaff"/>).
/// </summary>
public sealed class CreateStaff(AppDbContext db, UserManager<User> users, TimeProvider time)
{
    public async Task<Result<User>> RunAsync(Caller caller, CreateStaffInput input)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var v = new Validator()
            .Require("email", input.Email, 256)
            .Require("displayName", input.DisplayName);
        v.Check(input.Email is null || CreateUser.IsEmail(input.Email), "email", "must be an e-mail address");
        var roles = Roles.None;
        v.Check(RoleNames.TryParseStaffRoles(input.Roles ?? [], out roles) && roles != Roles.None, "roles", "must be one or both of operator, supportEngineer");
        if (string.IsNullOrEmpty(input.Password))
            v.Add("password", "is required to create the account directly; to send an invitation instead, use POST /v1/staff/invitations");
        else
            v.Require("password", input.Password, 256);
        if (!v.IsValid)
            return v.ToError();

        var now = time.GetUtcNow();
        db.Audit(caller, now, "staff.create", input.Email!.Trim(), string.Join(",", RoleNames.ToNames(roles)));
        return await CreateUser.CreateAsync(new User
        {
            Id = Guid.CreateVersion7(),
            UserName = input.Email!.Trim(),
            Email = input.Email!.Trim(),
            EmailConfirmed = true,
            DisplayName = input.DisplayName!.Trim(),
            AccountType = AccountType.Work,
            Roles = roles,
            CreatedAt = now,
        }, input.Password!, db, users);
    }
}
