using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

public sealed record ContractSettingsInput(string? DecrementOn);

/// <summary>
/// An operator chooses when a contract's incidents are taken: on creation (default) or on
/// resolution. Only while no open request is charged to it, so no charge changes meaning.
/// </summary>
public sealed class SetDecrementOn(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ContractView>> RunAsync(Caller caller, Guid id, ContractSettingsInput input, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var mode = input.DecrementOn switch
        {
            "creation" => DecrementOn.Creation,
            "resolution" => DecrementOn.Resolution,
            _ => (DecrementOn?)null,
        };
        if (mode is null)
            return Error.Validation("decrementOn", "must be creation or resolution");
        if (!await db.SupportContracts.AnyAsync(c => c.Id == id, ct))
            return Error.NotFound(ErrorCodes.ContractNotFound, "ContractNotFound");

        await using var tx = await db.BeginWriteTransactionAsync(ct);
        if (await db.ServiceRequests.AnyAsync(r => r.SupportContractId == id && r.Status != ServiceRequestStatus.Closed, ct))
            return Error.Conflict(ErrorCodes.ContractHasOpenRequests, "ContractHasOpenRequests");
        await db.SupportContracts.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.DecrementOn, mode.Value), ct);
        db.Audit(caller, time.GetUtcNow(), "contract.decrement-on", id, input.DecrementOn);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var contract = await db.SupportContracts.AsNoTracking().SingleAsync(c => c.Id == id, ct);
        return new ContractView(contract, contract.StatusOn(time.Today()), null);
    }
}
