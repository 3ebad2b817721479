using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Entitlements;

public sealed record BenefitList(IReadOnlyList<Benefit> Items, bool NoActiveMembership, DateOnly Today);

/// <summary>
/// The technical benefits page: what the caller's organization's current and upcoming
/// memberships grant (upcoming ones show as waiting). Without an active membership the page
/// says "Looks like you don't have any benefits yet".
/// </summary>
public sealed class ListBenefits(AppDbContext db, TimeProvider time)
{
    public async Task<Result<BenefitList>> RunAsync(Caller caller, CancellationToken ct = default)
    {
        if (caller.OrganizationId is not { } orgId)
            return Error.Forbidden();
        var org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct);
        // Benefits need an MPN-associated account: a CSP-only organization is refused outright.
        if (org is null || !org.IsInMpn)
            return Error.Forbidden();

        var today = time.Today();
        var benefits = await db.Benefits.AsNoTracking()
            .Include(b => b.Membership)
            .Include(b => b.SupportContract)
            .Where(b => b.OrganizationId == orgId && b.Membership!.EndDate >= today)
            .OrderBy(b => b.Membership!.StartDate).ThenBy(b => b.Type)
            .ToListAsync(ct);
        return new BenefitList(benefits, !benefits.Any(b => b.Membership!.IsActiveOn(today)), today);
    }
}
