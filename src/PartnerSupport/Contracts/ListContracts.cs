using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Products;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

public sealed record ContractList(IReadOnlyList<ContractView> Available, IReadOnlyList<ContractView> Unavailable);

/// <summary>
/// The caller's linked contracts, split into usable and not: unusable ones are never hidden,
/// each says why ("Would you like to see unavailable support plans?").
/// </summary>
public sealed class ListContracts(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ContractList>> RunAsync(Caller caller, Guid? productId, CancellationToken ct = default)
    {
        Product? product = null;
        var productCovered = true;
        if (productId is { } pid)
        {
            (product, productCovered) = await ProductCoverage.FindAsync(db, pid, ct);
            if (product is null)
                return Error.NotFound(ErrorCodes.ProductNotFound, "ProductNotFound");
        }

        var contracts = await db.ContractLinks.AsNoTracking()
            .Where(l => l.UserId == caller.UserId)
            .OrderBy(l => l.LinkedAt)
            .Select(l => l.SupportContract!)
            .ToListAsync(ct);
        var organizationIds = contracts.Select(c => c.OrganizationId).Distinct().ToList();
        var organizations = await db.Organizations.AsNoTracking()
            .Where(o => organizationIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var benefitIds = contracts.Select(c => c.BenefitId).OfType<Guid>().ToList();
        var offers = await db.Benefits.AsNoTracking()
            .Where(b => benefitIds.Contains(b.Id))
            .Select(b => new { b.Id, b.Membership!.Offer, b.Membership.Competency })
            .ToDictionaryAsync(b => b.Id, ct);

        var today = time.Today();
        var views = contracts.Select(c => new ContractView(c, c.StatusOn(today), ContractEligibility.Check(c, today, product, productCovered))
        {
            OrganizationName = organizations.GetValueOrDefault(c.OrganizationId),
            Offer = c.BenefitId is { } b && offers.TryGetValue(b, out var o) ? o.Offer : null,
            Competency = c.BenefitId is { } b2 && offers.TryGetValue(b2, out var o2) ? o2.Competency : null,
        }).ToList();
        return new ContractList(views.Where(v => v.Reason is null).ToList(), views.Where(v => v.Reason is not null).ToList());
    }
}
