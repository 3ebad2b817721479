using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Customers;

/// <summary>Customers, Service management: only admin agents act for a partner's CSP customers.</summary>
public sealed class ListCustomers(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<Customer>>> RunAsync(Caller caller, CancellationToken ct = default)
    {
        if (!caller.IsAdminAgent || caller.OrganizationId is not { } orgId)
            return Error.Forbidden();
        return await db.Customers.AsNoTracking().Where(c => c.OrganizationId == orgId).OrderBy(c => c.Name).ToListAsync(ct);
    }

    /// <summary>The caller's customer with that tenant, or the refusal to give.</summary>
    internal static async Task<Result<Customer>> FindAsync(AppDbContext db, Caller caller, string tenantId, CancellationToken ct)
    {
        if (!caller.IsAdminAgent || caller.OrganizationId is not { } orgId)
            return Error.Forbidden();
        var normalized = tenantId.Trim().ToLowerInvariant();
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.OrganizationId == orgId && c.TenantId == normalized, ct);
        return customer is null ? Error.NotFound(ErrorCodes.CustomerNotFound, "CustomerNotFound") : customer;
    }
}
