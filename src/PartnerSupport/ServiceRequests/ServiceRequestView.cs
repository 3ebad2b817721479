using Microsoft.EntityFrameworkCore;
using PartnerSupport.Casework;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

/// <summary>
/// A request with the names its resource shows (product, organization, assignee), its public
/// messages (Partner Center's notes), and whether its response target was missed as of the moment
/// it was read.
/// </summary>
public sealed record ServiceRequestView(ServiceRequest Request, string ProductName, string? OrganizationName, bool ResponseTargetBreached)
{
    public ServiceRequestPerson? AssignedTo { get; init; }

    /// <summary>Public messages only, oldest first, whoever reads: internal ones are never notes.</summary>
    public IReadOnlyList<ServiceRequestNote> Notes { get; init; } = [];
}

public sealed record ServiceRequestPerson(Guid Id, string DisplayName);

public sealed record ServiceRequestNote(string CreatedByName, DateTimeOffset CreatedDate, string Text);

public static class ServiceRequestViews
{
    public static async Task<IReadOnlyList<ServiceRequestView>> LoadAsync(AppDbContext db, IReadOnlyList<ServiceRequest> requests, DateTimeOffset now, CancellationToken ct)
    {
        var productIds = requests.Select(r => r.ProductId).Distinct().ToList();
        var orgIds = requests.Where(r => r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var assigneeIds = requests.Where(r => r.AssignedToUserId is not null).Select(r => r.AssignedToUserId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var orgs = orgIds.Count == 0 ? [] : await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var assignees = assigneeIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => assigneeIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        // Only requests with a public message have notes: the others need no query.
        var withNotes = requests.Where(r => r.LastMessageAt is not null).Select(r => r.Id).ToList();
        var notes = withNotes.Count == 0
            ? []
            : (await db.Messages.AsNoTracking()
                .Where(m => withNotes.Contains(m.ServiceRequestId) && m.Visibility == MessageVisibility.Public)
                .OrderBy(m => m.At).ThenBy(m => m.Id)
                .Select(m => new { m.ServiceRequestId, m.AuthorName, m.At, m.Text })
                .ToListAsync(ct))
                .GroupBy(m => m.ServiceRequestId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<ServiceRequestNote>)[.. g.Select(m => new ServiceRequestNote(m.AuthorName, m.At, m.Text))]);
        return requests.Select(r => new ServiceRequestView(
            r,
            products.GetValueOrDefault(r.ProductId, ""),
            r.OrganizationId is { } id ? orgs.GetValueOrDefault(id) : null,
            r.ResponseTargetBreached(now))
        {
            AssignedTo = r.AssignedToUserId is { } a ? new ServiceRequestPerson(a, assignees.GetValueOrDefault(a, "")) : null,
            Notes = notes.GetValueOrDefault(r.Id, []),
        }).ToList();
    }

    public static async Task<ServiceRequestView> LoadAsync(AppDbContext db, ServiceRequest request, DateTimeOffset now, CancellationToken ct) =>
        (await LoadAsync(db, [request], now, ct))[0];
}
