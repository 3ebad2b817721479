using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

public sealed record CreateUserInput(string? Email, string? DisplayName, string? AccountType, IReadOnlyList<string>? Roles, string? Password);

/// <summary>An operator creates an account, in an organization or personal (no organization).</summary>
public sealed class CreateUser(AppDbContext db, UserManager<User> users, TimeProvider time)
{
    public async Task<Result<User>> RunAsync(Caller caller, Guid? organizationId, CreateUserInput input, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        if (organizationId is { } orgId && !await db.Organizations.AnyAsync(o => o.Id == orgId, ct))
            return Error.NotFound(ErrorCodes.OrganizationNotFound, "OrganizationNotFound");

        var v = new Validator()
            .Require("email", input.Email, 256)
            .Require("displayName", input.DisplayName)
            .Require("password", input.Password, 256);
        v.Check(input.Email is null || IsEmail(input.Email), "email", "must be an e-mail address");
        AccountType type = default;
        v.Check(input.AccountType is null || Enum.TryParse(input.AccountType, ignoreCase: true, out type) && input.AccountType.All(char.IsLetter),
            "accountType", "must be work or personal");
        var roles = Roles.None;
        v.Check(RoleNames.TryParseOrganizationRoles(input.Roles ?? [], out roles), "roles", "must be globalAdmin, mpnPartnerAdmin or adminAgent");
        v.Check(organizationId is not null || roles == Roles.None, "roles", "an account without an organization holds no organization roles");
        if (input.AccountType is null)
            type = organizationId is null ? AccountType.Personal : AccountType.Work;
        v.Check(organizationId is not null || type == AccountType.Personal, "accountType", "an account without an organization is personal");
        if (!v.IsValid)
            return v.ToError();

        db.Audit(caller, time.GetUtcNow(), "user.create", input.Email!.Trim(), $"{type} {string.Join(",", RoleNames.ToNames(roles))} org {organizationId}");
        return await CreateAsync(new User
        {
            Id = Guid.CreateVersion7(),
            UserName = input.Email!.Trim(),
            Email = input.Email!.Trim(),
            EmailConfirmed = true,
            DisplayName = input.DisplayName!.Trim(),
            AccountType = type,
            OrganizationId = organizationId,
            Roles = roles,
            CreatedAt = time.GetUtcNow(),
        }, input.Password!, db, users);
    }

    internal static async Task<Result<User>> CreateAsync(User user, string password, AppDbContext db, UserManager<User> users)
    {
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Identity's own check passed for two requests with the same e-mail at the same
            // moment; the unique index on the user name (the e-mail) let one in.
            db.ChangeTracker.Clear();
            return Error.Conflict(ErrorCodes.EmailTaken, "EmailTaken");
        }
        if (created.Succeeded)
            return user;
        // Nothing was saved: the audit entry waiting beside the account must not be saved later.
        db.ChangeTracker.Clear();
        if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail)))
            return Error.Conflict(ErrorCodes.EmailTaken, "EmailTaken");
        var field = created.Errors.All(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "email";
        return Error.Validation(new Dictionary<string, string[]> { [field] = created.Errors.Select(e => e.Description).ToArray() });
    }

    internal static bool IsEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1 && !value.Any(char.IsWhiteSpace);
    }
}
