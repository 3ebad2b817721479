using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Customers;
using PartnerSupport.Storage;

namespace PartnerSupport.Organizations;

public sealed record OrganizationDetails(Organization Organization, IReadOnlyList<Membership> Memberships, IReadOnlyList<User> Users, IReadOnlyList<Customer> Customers);

/// <summary>The back office's view of one organization: memberships, accounts, CSP customers.</summary>
public sealed class GetOrganizationDetails(AppDbContext db)
{
    public async Task<Result<OrganizationDetails>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (org is null)
            return Error.NotFound(ErrorCodes.OrganizationNotFound, "OrganizationNotFound");
        return new OrganizationDetails(
            org,
            await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == id).OrderBy(m => m.StartDate).ToListAsync(ct),
            await db.Users.AsNoTracking().Where(u => u.OrganizationId == id && !u.IsApiKey).OrderBy(u => u.Email).ToListAsync(ct),
            await db.Customers.AsNoTracking().Where(c => c.OrganizationId == id).OrderBy(c => c.Name).ToListAsync(ct));
    }
}
