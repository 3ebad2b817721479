using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Products;

public sealed record ProductView(Product Product, bool Covered);

public sealed class ListProducts(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<ProductView>>> RunAsync(string? kind, CancellationToken ct = default)
    {
        var query = db.Products.AsNoTracking();
        if (kind is not null)
        {
            var parsed = kind switch
            {
                "onPremises" => ProductKind.OnPremises,
                "cloud" => ProductKind.Cloud,
                _ => (ProductKind?)null,
            };
            if (parsed is null)
                return Error.Validation("kind", "must be onPremises or cloud");
            query = query.Where(p => p.Kind == parsed);
        }
        var products = await query.ToListAsync(ct);
        // Coverage needs every version of a family, so families are judged on the full list.
        var families = await db.Products.AsNoTracking()
            .Where(p => p.Kind == ProductKind.OnPremises)
            .Select(p => new { p.Family, p.Version })
            .ToListAsync(ct);
        var covered = families.GroupBy(f => f.Family)
            .ToDictionary(g => g.Key, g => ProductCoverage.CoveredVersions(g.Select(f => f.Version)));
        return products
            .OrderBy(p => p.Family, StringComparer.Ordinal)
            .ThenByDescending(p => p.Version, VersionComparer.Instance)
            .Select(p => new ProductView(p, p.Kind == ProductKind.Cloud || covered[p.Family].Contains(p.Version)))
            .ToList();
    }
}
