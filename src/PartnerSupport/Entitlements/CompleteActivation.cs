using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Storage;

namespace PartnerSupport.Entitlements;

/// <summary>
/// Completes a pending activation: creates the support contract with its Access ID and Contract
/// ID and grants its incidents. Exactly once, whoever calls (worker on any node, or operator):
/// the pending→completed update is conditional and shares the transaction with the contract.
/// </summary>
public sealed class CompleteActivation(AppDbContext db, TimeProvider time, PartnerSupportMetrics metrics)
{
    public async Task<Result<Activation>> RunAsync(Caller caller, Guid activationId, CancellationToken ct = default)
    {
        if (!caller.IsOperator && caller != Caller.System)
            return Error.Forbidden();
        var activation = await db.Activations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == activationId, ct);
        if (activation is null)
            return Error.NotFound(ErrorCodes.ActivationNotFound, "ActivationNotFound");
        var benefit = await db.Benefits.AsNoTracking().Include(b => b.Membership).SingleAsync(b => b.Id == activation.BenefitId, ct);

        var now = time.GetUtcNow();
        var today = time.Today();
        var membership = benefit.Membership!;
        if (membership.EndDate < today)
            return await RefuseEndedAsync(caller, activation, now, ct);
        var (contract, grant) = SupportContract.Issue(
            benefit.Name, ContractSource.Benefit, benefit.Scope, benefit.Incidents,
            // A membership that starts later gives a contract that waits for it.
            membership.StartDate > today ? membership.StartDate : today, membership.EndDate,
            benefit.OrganizationId, benefit.Id, caller.Actor, $"Activation of {benefit.Name}", now);

        await using var tx = await db.BeginWriteTransactionAsync(ct);
        if (!await ActivationTransitions.CompleteAsync(db, activation, contract, grant, caller.Actor, now, ct))
            return Error.Conflict(ErrorCodes.ActivationNotPending, "ActivationNotPending");
        db.Audit(caller, now, "activation.complete", activationId, $"contract {contract.Id}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        metrics.ActivationsCompleted.Add(1);

        return await db.Activations.AsNoTracking().SingleAsync(a => a.Id == activationId, ct);
    }

    /// <summary>
    /// The membership ended while the request waited: a contract now would end before it
    /// starts. The request is closed as rejected, with the reason, exactly once like a completion.
    /// </summary>
    private async Task<Result<Activation>> RefuseEndedAsync(Caller caller, Activation activation, DateTimeOffset now, CancellationToken ct)
    {
        var reason = Resources.Messages.Get("MembershipEnded", System.Globalization.CultureInfo.InvariantCulture);
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        if (!await ActivationTransitions.RejectAsync(db, activation, reason, caller.Actor, now, ct))
            return Error.Conflict(ErrorCodes.ActivationNotPending, "ActivationNotPending");
        db.Audit(caller, now, "activation.reject", activation.Id, reason);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Error.Conflict(ErrorCodes.MembershipEnded, "MembershipEnded");
    }
}
