using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Entitlements;

/// <summary>An operator refuses an activation; the partner sees why and may ask again.</summary>
public sealed class RejectActivation(AppDbContext db, TimeProvider time)
{
    public async Task<Result<Activation>> RunAsync(Caller caller, Guid activationId, string? reason, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var v = new Validator().Require("reason", reason, 1000);
        if (!v.IsValid)
            return v.ToError();
        var activation = await db.Activations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == activationId, ct);
        if (activation is null)
            return Error.NotFound("activation-not-found", "ActivationNotFound");

        var now = time.GetUtcNow();
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        if (!await ActivationTransitions.RejectAsync(db, activation, reason!.Trim(), caller.Actor, now, ct))
            return Error.Conflict("activation-not-pending", "ActivationNotPending");
        db.Audit(caller, now, "activation.reject", activationId, reason);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await db.Activations.AsNoTracking().SingleAsync(a => a.Id == activationId, ct);
    }
}

public sealed class ListActivations(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<Activation>>> RunAsync(Caller caller, string? status, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var query = db.Activations.AsNoTracking();
        if (status is not null)
        {
            if (!Enum.TryParse<ActivationStatus>(status, ignoreCase: true, out var parsed) || !status.All(char.IsLetter))
                return Error.Validation("status", "must be pending, completed or rejected");
            query = query.Where(a => a.Status == parsed);
        }
        return await query.OrderBy(a => a.RequestedAt).Take(500).ToListAsync(ct);
    }
}

/// <summary>The worker's pass: completes every activation whose processing delay has passed.</summary>
public sealed class ProcessDueActivations(AppDbContext db, CompleteActivation complete, TimeProvider time)
{
    public async Task<int> RunAsync(int batchSize = 50, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var due = await db.Activations.AsNoTracking()
            .Where(a => a.Status == ActivationStatus.Pending && !a.RequiresApproval && a.ProcessAfter <= now)
            .OrderBy(a => a.ProcessAfter)
            .Select(a => a.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        var completed = 0;
        foreach (var id in due)
        {
            // Another node may have taken it first; the loser's conditional update changes nothing.
            if ((await complete.RunAsync(Caller.System, id, ct)).IsSuccess)
                completed++;
            db.ChangeTracker.Clear();
        }
        return completed;
    }
}
