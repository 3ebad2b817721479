using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Organizations;

public sealed class GetOrganization(AppDbContext db)
{
    public async Task<Result<Organization>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (!caller.IsOperator && caller.OrganizationId != id)
            return Error.NotFound(ErrorCodes.OrganizationNotFound, "OrganizationNotFound");
        var org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        return org is null ? Error.NotFound(ErrorCodes.OrganizationNotFound, "OrganizationNotFound") : org;
    }
}
