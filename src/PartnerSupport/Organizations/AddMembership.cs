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
        var membership = await PrepareAsync(caller, organizationId, input, ct);
        if (!membership.IsSuccess)
            return membership;
        Add(caller, membership.Value);
        await db.SaveChangesAsync(ct);
        return membership;
    }

    /// <summary>
    /// For loads that may run again: adds the membership unless the organization already holds
    /// the same one (offer, competency and dates); false when it did. Judged under a lock on the
    /// organization, so two loads of one file at the same moment add it once.
    /// </summary>
    public async Task<Result<bool>> AddUnlessPresentAsync(Caller caller, Guid organizationId, AddMembershipInput input, CancellationToken ct = default)
    {
        var prepared = await PrepareAsync(caller, organizationId, input, ct);
        if (!prepared.IsSuccess)
            return prepared.Error!;
        var m = prepared.Value;
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        // A no-op update that locks the organization's row on PostgreSQL until the commit; on
        // SQLite the write transaction itself already excludes every other writer.
        await db.Organizations.Where(o => o.Id == organizationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, o => o.Name), ct);
        if (await db.Memberships.AnyAsync(x => x.OrganizationId == organizationId && x.Offer == m.Offer && x.Competency == m.Competency
                && x.StartDate == m.StartDate && x.EndDate == m.EndDate, ct))
            return false;
        Add(caller, m);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task<Result<Membership>> PrepareAsync(Caller caller, Guid organizationId, AddMembershipInput input, CancellationToken ct)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct))
            return Error.NotFound(ErrorCodes.OrganizationNotFound, "OrganizationNotFound");

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

        return new Membership
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Offer = offer!.Value,
            Competency = input.Competency?.Trim(),
            IsCloudCompetency = catalog.IsCloudCompetency(input.Competency),
            StartDate = input.StartDate!.Value,
            EndDate = input.EndDate!.Value,
            CreatedAt = time.GetUtcNow(),
        };
    }

    private void Add(Caller caller, Membership membership)
    {
        db.Memberships.Add(membership);
        db.Audit(caller, membership.CreatedAt, "membership.add", membership.OrganizationId, $"{membership.Offer} {membership.Competency} {membership.StartDate:yyyy-MM-dd}..{membership.EndDate:yyyy-MM-dd}");
        foreach (var grant in catalog.Grants(membership.Offer, membership.Competency))
        {
            db.Benefits.Add(new Benefit
            {
                Id = Guid.CreateVersion7(),
                OrganizationId = membership.OrganizationId,
                MembershipId = membership.Id,
                Type = grant.Type,
                Name = grant.Name,
                Scope = grant.Scope,
                Incidents = grant.Incidents,
                ActivationState = ActivationState.NotActivated,
                CreatedAt = membership.CreatedAt,
            });
        }
    }
}
