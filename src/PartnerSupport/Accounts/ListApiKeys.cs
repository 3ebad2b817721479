using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>The organization's keys that are not revoked, newest first; never the key itself (only its hash is kept).</summary>
public sealed class ListApiKeys(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<ApiKey>>> RunAsync(Caller caller, Guid organizationId, CancellationToken ct = default)
    {
        if (await OrganizationAdministration.RefuseAsync(db, caller, organizationId, ct) is { } refused)
            return refused;
        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => k.OrganizationId == organizationId && k.RevokedAt == null)
            .OrderByDescending(k => k.Id)
            .ToListAsync(ct);
        return keys;
    }
}
