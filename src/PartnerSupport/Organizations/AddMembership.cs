using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Entitlements;
using PartnerSupport.Storage;

namespace PartnerSupport.Organizations;

public sealed record AddMembershipInput(string? Offer, string? Competency, DateOnly? StartDate, DateOnly? EndDate);

/// <summary>Records a membership offer and the benefits the catalog grants for it.</summary>
public sealed class AddMembership(AppDbContext db, BenefitCatalog catalog, TimeProvider time)
{
    public async Task<Result<Membership>> RunAsync(Caller caller, Guid organizationId, AddMembershipInput input, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct))
            return Error.NotFound("organization-not-found", "OrganizationNotFound");

        var v = new Validator().Optional("competency", input.Competency, 100);
        var offer = input.Offer switch
        {
            "actionPack" => Offer.ActionPack,
            "silver" => Offer.Silver,
            "gold" => Offer.Gold,
            _ => (Offer?)null,
        };
        v.Check(offer is not null, "offer", "must be actionPack, silver or gold");
        v.Check(offer is not (Offer.Silver or Offer.Gold) || !string.IsNullOrWhiteSpace(input.Competency), "competency", "is required for silver and gold");
        v.Check(offer is not Offer.ActionPack || input.Competency is null, "competency", "must be null for actionPack");
        v.Check(input.StartDate is not null, "startDate", "is required");
        v.Check(input.EndDate is not null, "endDate", "is required");
        v.Check(input.StartDate is null || input.EndDate is null || input.StartDate <= input.EndDate, "endDate", "must not be before startDate");
        if (!v.IsValid)
            return v.ToError();

        var now = time.GetUtcNow();
        var membership = new Membership
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Offer = offer!.Value,
            Competency = input.Competency?.Trim(),
            IsCloudCompetency = catalog.IsCloudCompetency(input.Competency),
            StartDate = input.StartDate!.Value,
            EndDate = input.EndDate!.Value,
            CreatedAt = now,
        };
        db.Memberships.Add(membership);
        db.Audit(caller, now, "membership.add", organizationId, $"{membership.Offer} {membership.Competency} {membership.StartDate:yyyy-MM-dd}..{membership.EndDate:yyyy-MM-dd}");
        foreach (var grant in catalog.Grants(membership.Offer, membership.Competency))
        {
            db.Benefits.Add(new Benefit
            {
                Id = Guid.CreateVersion7(),
                OrganizationId = organizationId,
                MembershipId = membership.Id,
                Type = grant.Type,
                Name = grant.Name,
                Scope = grant.Scope,
                Incidents = grant.Incidents,
                ActivationState = ActivationState.NotActivated,
                CreatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
        return membership;
    }
}
