using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>The program's staff (operators and support engineers), by name, for staff: whom a request can be assigned to.</summary>
public sealed class ListStaff(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<User>>> RunAsync(Caller caller, CancellationToken ct = default)
    {
        if (!caller.IsStaff)
            return Error.Forbidden();
        var staff = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == null && (u.Roles & Roles.Staff) != 0)
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .ToListAsync(ct);
        return Result<IReadOnlyList<User>>.From(staff);
    }
}
