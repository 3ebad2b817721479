using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

/// <summary>
/// A request with the names its resource shows (product, organization), and whether its response
/// target was missed as of the moment it was read.
/// </summary>
public sealed record ServiceRequestView(ServiceRequest Request, string ProductName, string? OrganizationName, bool ResponseTargetBreached);

public static class ServiceRequestViews
{
    public static async Task<IReadOnlyList<ServiceRequestView>> LoadAsync(AppDbContext db, IReadOnlyList<ServiceRequest> requests, DateTimeOffset now, CancellationToken ct)
    {
        var productIds = requests.Select(r => r.ProductId).Distinct().ToList();
        var orgIds = requests.Where(r => r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var orgs = orgIds.Count == 0 ? [] : await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return requests.Select(r => new ServiceRequestView(
            r,
            products.GetValueOrDefault(r.ProductId, ""),
            r.OrganizationId is { } id ? orgs.GetValueOrDefault(id) : null,
            r.ResponseTargetBreached(now))).ToList();
    }

    public static async Task<ServiceRequestView> LoadAsync(AppDbContext db, ServiceRequest request, DateTimeOffset now, CancellationToken ct) =>
        (await LoadAsync(db, [request], now, ct))[0];
}
