using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>The people of an organization (not its API keys), for its global admins and operators.</summary>
public sealed class ListOrganizationUsers(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<User>>> RunAsync(Caller caller, Guid organizationId, CancellationToken ct = default)
    {
        if (await OrganizationAdministration.RefuseAsync(db, caller, organizationId, ct) is { } refused)
            return refused;
        var users = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && !u.IsApiKey)
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .ToListAsync(ct);
        return users;
    }
}
