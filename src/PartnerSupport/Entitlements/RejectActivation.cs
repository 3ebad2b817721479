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
            return Error.NotFound(ErrorCodes.ActivationNotFound, "ActivationNotFound");

        var now = time.GetUtcNow();
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        if (!await ActivationTransitions.RejectAsync(db, activation, reason!.Trim(), caller.Actor, now, ct))
            return Error.Conflict(ErrorCodes.ActivationNotPending, "ActivationNotPending");
        db.Audit(caller, now, "activation.reject", activationId, reason);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await db.Activations.AsNoTracking().SingleAsync(a => a.Id == activationId, ct);
    }
}
