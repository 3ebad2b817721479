using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

/// <summary>A request with the names its resource shows (product, organization).</summary>
public sealed record ServiceRequestView(ServiceRequest Request, string ProductName, string? OrganizationName);

public static class ServiceRequestViews
{
    public static async Task<IReadOnlyList<ServiceRequestView>> LoadAsync(AppDbContext db, IReadOnlyList<ServiceRequest> requests, CancellationToken ct)
    {
        var productIds = requests.Select(r => r.ProductId).Distinct().ToList();
        var orgIds = requests.Where(r => r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var orgs = orgIds.Count == 0 ? [] : await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return requests.Select(r => new ServiceRequestView(
            r,
            products.GetValueOrDefault(r.ProductId, ""),
            r.OrganizationId is { } id ? orgs.GetValueOrDefault(id) : null)).ToList();
    }

    public static async Task<ServiceRequestView> LoadAsync(AppDbContext db, ServiceRequest request, CancellationToken ct) =>
        (await LoadAsync(db, [request], ct))[0];
}
