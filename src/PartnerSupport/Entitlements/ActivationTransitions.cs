using Microsoft.EntityFrameworkCore;
using PartnerSupport.Contracts;
using PartnerSupport.Notifications;
using PartnerSupport.Storage;

namespace PartnerSupport.Entitlements;

/// <summary>
/// Moves an activation and its benefit between states together, inside the caller's transaction:
/// requested (pending), completed with its contract, or rejected with a reason. Each move is one
/// conditional UPDATE that lets exactly one caller through (two admins pressing Activate, the
/// worker on several nodes, an operator), and the benefit follows it, so the two rows never disagree.
/// </summary>
public static class ActivationTransitions
{
    /// <summary>
    /// A benefit not activated (or rejected before) becomes pending and the request is added to
    /// the unit of work; false when another request got there first.
    /// </summary>
    public static async Task<bool> RequestAsync(AppDbContext db, Activation activation, CancellationToken ct)
    {
        var claimed = await db.Benefits
            .Where(b => b.Id == activation.BenefitId && (b.ActivationState == ActivationState.NotActivated || b.ActivationState == ActivationState.Rejected))
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.ActivationState, ActivationState.Pending)
                .SetProperty(b => b.RejectionReason, (string?)null), ct);
        if (claimed == 0)
            return false;
        db.Activations.Add(activation);
        return true;
    }

    /// <summary>
    /// A pending activation completes with its new contract and the ledger entry that grants it;
    /// false when it was no longer pending. Saves the unit of work, since the benefit may only
    /// point at a contract that exists.
    /// </summary>
    public static async Task<bool> CompleteAsync(
        AppDbContext db, Activation activation, SupportContract contract, LedgerEntry grant, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var won = await Pending(db, activation.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, ActivationStatus.Completed)
                .SetProperty(a => a.CompletedAt, now)
                .SetProperty(a => a.CompletedBy, actor)
                .SetProperty(a => a.SupportContractId, contract.Id), ct);
        if (won == 0)
            return false;
        db.SupportContracts.Add(contract);
        db.Ledger.Add(grant);
        await db.SaveChangesAsync(ct);
        await db.Benefits.Where(b => b.Id == activation.BenefitId).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.ActivationState, ActivationState.Completed)
            .SetProperty(b => b.SupportContractId, contract.Id), ct);
        db.Announce(EventTypes.ActivationCompleted, activation.OrganizationId, null, null,
            Data(activation, ActivationStatus.Completed, contract.Id, null, now), now);
        return true;
    }

    /// <summary>A pending activation is refused with the reason its benefit shows; false when it was no longer pending.</summary>
    public static async Task<bool> RejectAsync(
        AppDbContext db, Activation activation, string reason, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var won = await Pending(db, activation.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, ActivationStatus.Rejected)
                .SetProperty(a => a.CompletedAt, now)
                .SetProperty(a => a.CompletedBy, actor)
                .SetProperty(a => a.RejectionReason, reason), ct);
        if (won == 0)
            return false;
        await db.Benefits.Where(b => b.Id == activation.BenefitId).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.ActivationState, ActivationState.Rejected)
            .SetProperty(b => b.RejectionReason, reason), ct);
        db.Announce(EventTypes.ActivationRejected, activation.OrganizationId, null, null,
            Data(activation, ActivationStatus.Rejected, null, reason, now), now);
        return true;
    }

    private static object Data(Activation a, ActivationStatus status, Guid? contractId, string? reason, DateTimeOffset now) => new
    {
        activation = new
        {
            id = a.Id,
            benefitId = a.BenefitId,
            organizationId = a.OrganizationId,
            status = status.ToString().ToLowerInvariant(),
            requestedByUserId = a.RequestedByUserId,
            requestedAt = a.RequestedAt,
            completedAt = now,
            supportContractId = contractId,
            rejectionReason = reason,
        },
    };

    private static IQueryable<Activation> Pending(AppDbContext db, Guid activationId) =>
        db.Activations.Where(a => a.Id == activationId && a.Status == ActivationStatus.Pending);
}
