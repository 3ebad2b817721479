using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Organizations;

public sealed class ListOrganizations(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<Organization>>> RunAsync(Caller caller, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        return await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Take(500).ToListAsync(ct);
    }
}
