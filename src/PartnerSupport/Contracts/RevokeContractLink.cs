using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

/// <summary>Revokes an account's link; its requests stay, it can open no new ones.</summary>
public sealed class RevokeContractLink(AppDbContext db, TimeProvider time)
{
    public async Task<Result<bool>> RunAsync(Caller caller, Guid contractId, Guid linkId, CancellationToken ct = default)
    {
        var allowed = await ListContractLinks.CanManageAsync(db, caller, contractId, ct);
        if (!allowed.IsSuccess)
            return allowed.Error!;
        var removed = await db.ContractLinks.Where(l => l.Id == linkId && l.SupportContractId == contractId).ExecuteDeleteAsync(ct);
        if (removed == 0)
            return Error.NotFound(ErrorCodes.LinkNotFound, "LinkNotFound");
        db.Audit(caller, time.GetUtcNow(), "contract.link-revoke", contractId, $"link {linkId}");
        await db.SaveChangesAsync(ct);
        return true;
    }
}
