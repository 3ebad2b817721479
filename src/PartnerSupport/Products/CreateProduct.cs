using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Products;

public sealed record CreateProductInput(string? Name, string? Family, string? Version, string? Kind, string? Workload);

public sealed class CreateProduct(AppDbContext db, TimeProvider time)
{
    public async Task<Result<Product>> RunAsync(Caller caller, CreateProductInput input, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var v = new Validator().Require("name", input.Name).Require("family", input.Family).Require("version", input.Version, 32).Optional("workload", input.Workload, 64);
        var kind = input.Kind switch
        {
            "onPremises" => ProductKind.OnPremises,
            "cloud" => ProductKind.Cloud,
            _ => (ProductKind?)null,
        };
        v.Check(kind is not null, "kind", "must be onPremises or cloud");
        if (!v.IsValid)
            return v.ToError();

        var family = input.Family!.Trim();
        var version = input.Version!.Trim();
        if (await db.Products.AnyAsync(p => p.Family == family && p.Version == version, ct))
            return Error.Conflict(ErrorCodes.ProductExists, "ProductExists");
        var product = new Product
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name!.Trim(),
            Family = family,
            Version = version,
            Kind = kind!.Value,
            Workload = input.Workload?.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        db.Products.Add(product);
        db.Audit(caller, product.CreatedAt, "product.create", product.Id, product.Name);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same family and version created at the same moment: the unique index let one in.
            db.ChangeTracker.Clear();
            return Error.Conflict(ErrorCodes.ProductExists, "ProductExists");
        }
        return product;
    }
}
