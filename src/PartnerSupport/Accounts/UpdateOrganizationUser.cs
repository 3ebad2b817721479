using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

public sealed record UpdateOrganizationUserInput(IReadOnlyList<string>? Roles, bool? Disabled);

/// <summary>
/// A global admin (or an operator) changes a colleague's roles or disables the account. The
/// organization never loses its last enabled global admin, even when two admins demote each other
/// at the same moment; disabling ends the account's sessions.
/// </summary>
public sealed class UpdateOrganizationUser(AppDbContext db, CallerCache callers, TimeProvider time)
{
    public async Task<Result<User>> RunAsync(Caller caller, Guid organizationId, Guid userId, UpdateOrganizationUserInput input, CancellationToken ct = default)
    {
        if (await OrganizationAdministration.RefuseAsync(db, caller, organizationId, ct) is { } refused)
            return refused;
        var v = new Validator();
        var roles = Roles.None;
        v.Check(input.Roles is null || RoleNames.TryParseOrganizationRoles(input.Roles, out roles), "roles", "must be globalAdmin, mpnPartnerAdmin or adminAgent");
        v.Check(input.Roles is not null || input.Disabled is not null, "roles", "give roles, disabled or both");
        if (!v.IsValid)
            return v.ToError();

        var now = time.GetUtcNow();
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        // Touching the organization's row makes concurrent changes to its accounts wait for this
        // one (a row lock on PostgreSQL; SQLite writes one at a time anyway), so two admins
        // demoting each other cannot both see "another admin remains".
        await db.Organizations.Where(o => o.Id == organizationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, o => o.Name), ct);
        // The caller's roles were read before the lock: an admin demoted or disabled by the change
        // that held it must not go on to change anyone.
        if (!caller.IsOperator
            && !await db.Users.AnyAsync(u => u.Id == caller.UserId && !u.Disabled && (u.Roles & Roles.GlobalAdmin) == Roles.GlobalAdmin, ct))
            return Error.Forbidden();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.OrganizationId == organizationId && !u.IsApiKey, ct);
        if (user is null)
            return Error.NotFound(ErrorCodes.UserNotFound, "UserNotFound");

        var wasAdmin = user.IsActiveGlobalAdmin;
        var before = $"{string.Join(",", RoleNames.ToNames(user.Roles))}{(user.Disabled ? " disabled" : "")}";
        if (input.Roles is not null)
            user.Roles = roles;
        var disabling = input.Disabled == true && !user.Disabled;
        if (input.Disabled is { } disabled)
            user.Disabled = disabled;
        if (wasAdmin && !user.IsActiveGlobalAdmin
            && !await db.Users.AnyAsync(u => u.OrganizationId == organizationId && u.Id != userId && !u.IsApiKey && !u.Disabled
                                             && (u.Roles & Roles.GlobalAdmin) == Roles.GlobalAdmin, ct))
            return Error.Conflict(ErrorCodes.LastGlobalAdmin, "LastGlobalAdmin");
        if (disabling)
            // Every token and cookie carries the stamp: a new one voids them all.
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        var after = $"{string.Join(",", RoleNames.ToNames(user.Roles))}{(user.Disabled ? " disabled" : "")}";
        db.Audit(caller, now, disabling ? "user.disable" : "user.update", user.Email ?? user.Id.ToString(), $"{before} -> {after}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        callers.Forget(userId);
        return user;
    }
}
