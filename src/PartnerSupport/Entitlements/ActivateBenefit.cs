using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Entitlements;

/// <summary>A partner admin presses Activate: the request waits for the worker or an operator.</summary>
public sealed class ActivateBenefit(AppDbContext db, IOptions<ActivationOptions> options, TimeProvider time)
{
    public async Task<Result<Activation>> RunAsync(Caller caller, Guid benefitId, CancellationToken ct = default)
    {
        var benefit = await db.Benefits.AsNoTracking().Include(b => b.Membership)
            .SingleOrDefaultAsync(b => b.Id == benefitId && b.OrganizationId == caller.OrganizationId, ct);
        if (benefit is null)
            return Error.NotFound(ErrorCodes.BenefitNotFound, "BenefitNotFound");
        if (!caller.IsPartnerAdmin)
            return Error.Forbidden();
        if (!await db.Organizations.AnyAsync(o => o.Id == benefit.OrganizationId && o.Programs.HasFlag(Organizations.Programs.Mpn), ct))
            return Error.Forbidden();
        if (!benefit.CanActivate || benefit.Membership!.EndDate < time.Today())
            return Error.Conflict(ErrorCodes.BenefitNotActivatable, "BenefitNotActivatable");

        var now = time.GetUtcNow();
        var activation = new Activation
        {
            Id = Guid.CreateVersion7(),
            BenefitId = benefitId,
            OrganizationId = benefit.OrganizationId,
            Status = ActivationStatus.Pending,
            RequestedByUserId = caller.UserId,
            RequestedAt = now,
            ProcessAfter = now + options.Value.ProcessingDelay,
            RequiresApproval = options.Value.RequireApproval,
        };
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        if (!await ActivationTransitions.RequestAsync(db, activation, ct))
            return Error.Conflict(ErrorCodes.BenefitNotActivatable, "BenefitNotActivatable");
        db.Audit(caller, now, "benefit.activate", benefitId, $"activation {activation.Id}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return activation;
    }
}
