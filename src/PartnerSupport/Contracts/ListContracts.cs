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
        var today = time.Today();
        var views = contracts.Select(c => new ContractView(c, c.StatusOn(today), ContractEligibility.Check(c, today, product, productCovered))).ToList();
        return new ContractList(views.Where(v => v.Reason is null).ToList(), views.Where(v => v.Reason is not null).ToList());
    }
}
