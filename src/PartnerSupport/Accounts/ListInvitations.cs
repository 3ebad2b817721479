using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>The organization's invitations, every status, newest first; never a token (only its hash is kept).</summary>
public sealed class ListInvitations(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<Invitation>>> RunAsync(Caller caller, Guid organizationId, CancellationToken ct = default)
    {
        if (await OrganizationAdministration.RefuseAsync(db, caller, organizationId, ct) is { } refused)
            return refused;
        var items = await db.Invitations.AsNoTracking()
            .Where(i => i.OrganizationId == organizationId)
            .OrderByDescending(i => i.Id)
            .ToListAsync(ct);
        return Result<IReadOnlyList<Invitation>>.From(items);
    }
}
