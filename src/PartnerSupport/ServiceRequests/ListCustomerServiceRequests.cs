using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Customers;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

/// <summary>An admin agent's requests for one CSP customer, newest first.</summary>
public sealed class ListCustomerServiceRequests(AppDbContext db, TimeProvider time)
{
    public async Task<Result<IReadOnlyList<ServiceRequestView>>> RunAsync(Caller caller, string tenantId, CancellationToken ct = default)
    {
        var customer = await ListCustomers.FindAsync(db, caller, tenantId, ct);
        if (!customer.IsSuccess)
            return customer.Error!;
        var requests = await db.ServiceRequests.AsNoTracking()
            .Where(r => r.OrganizationId == caller.OrganizationId && r.CustomerTenantId == customer.Value.TenantId)
            .OrderByDescending(r => r.Id)
            .Take(200)
            .ToListAsync(ct);
        return Result<IReadOnlyList<ServiceRequestView>>.From(await ServiceRequestViews.LoadAsync(db, requests, time.GetUtcNow(), ct));
    }
}
