using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;

namespace PartnerSupport.Entitlements;

/// <summary>What an operator needs to decide on an activation: whose it is and which benefit, by name.</summary>
public sealed record ActivationNames(string OrganizationName, string BenefitName);

/// <summary>
/// Names the organizations and benefits of a page of activations in two queries, so the
/// approval queue shows "Contoso · Microsoft Product Support" rather than identifiers.
/// Callers have already been authorized to list the activations themselves.
/// </summary>
public sealed class NameActivations(AppDbContext db)
{
    public async Task<IReadOnlyDictionary<Guid, ActivationNames>> RunAsync(IReadOnlyList<Activation> activations, CancellationToken ct = default)
    {
        var benefitIds = activations.Select(a => a.BenefitId).Distinct().ToList();
        var organizationIds = activations.Select(a => a.OrganizationId).Distinct().ToList();
        var benefits = await db.Benefits.AsNoTracking().Where(b => benefitIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var organizations = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return activations.ToDictionary(
            a => a.Id,
            a => new ActivationNames(organizations.GetValueOrDefault(a.OrganizationId, ""), benefits.GetValueOrDefault(a.BenefitId, "")));
    }
}
