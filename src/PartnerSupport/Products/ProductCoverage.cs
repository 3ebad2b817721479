using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;

namespace PartnerSupport.Products;

/// <summary>
/// The N-1 rule: of an on-premises product family only the current and the previous version are
/// covered by support. Cloud products are always current.
/// </summary>
public static class ProductCoverage
{
    /// <summary>
    /// A product and whether it is covered, in one query: the product with the other on-premises
    /// versions of its family (a request's path reads both, and a family is a handful of rows).
    /// </summary>
    public static async Task<(Product? Product, bool Covered)> FindAsync(AppDbContext db, Guid productId, CancellationToken ct)
    {
        var family = db.Products.Where(p => p.Id == productId).Select(p => p.Family);
        var relatives = await db.Products.AsNoTracking()
            .Where(p => p.Id == productId || (p.Kind == ProductKind.OnPremises && family.Contains(p.Family)))
            .ToListAsync(ct);
        var product = relatives.SingleOrDefault(p => p.Id == productId);
        if (product is null)
            return (null, false);
        var covered = product.Kind == ProductKind.Cloud
            || CoveredVersions(relatives.Where(p => p.Kind == ProductKind.OnPremises && p.Family == product.Family).Select(p => p.Version)).Contains(product.Version);
        return (product, covered);
    }

    public static IReadOnlySet<string> CoveredVersions(IEnumerable<string> familyVersions) =>
        familyVersions.Distinct().OrderDescending(VersionComparer.Instance).Take(2).ToHashSet();
}

/// <summary>Orders "2019" before "2022" and "9.1" before "10.0": numeric parts compare as numbers.</summary>
public sealed class VersionComparer : IComparer<string>
{
    public static VersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var a = Parts(x ?? "");
        var b = Parts(y ?? "");
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var pa = i < a.Length ? a[i] : "";
            var pb = i < b.Length ? b[i] : "";
            var c = long.TryParse(pa, out var na) && long.TryParse(pb, out var nb)
                ? na.CompareTo(nb)
                : string.Compare(pa, pb, StringComparison.OrdinalIgnoreCase);
            if (c != 0)
                return c;
        }
        return 0;
    }

    private static string[] Parts(string version) =>
        version.Split(['.', ' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries);
}
