using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

public sealed record LinkView(Guid Id, Guid UserId, string Email, string DisplayName, DateTimeOffset LinkedAt);

/// <summary>Which accounts hold a contract: its organization's admins see them and can revoke.</summary>
public sealed class ListContractLinks(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<LinkView>>> RunAsync(Caller caller, Guid contractId, CancellationToken ct = default)
    {
        var allowed = await CanManageAsync(db, caller, contractId, ct);
        if (!allowed.IsSuccess)
            return allowed.Error!;
        return await db.ContractLinks.AsNoTracking()
            .Where(l => l.SupportContractId == contractId)
            .OrderBy(l => l.LinkedAt)
            .Join(db.Users, l => l.UserId, u => u.Id, (l, u) => new LinkView(l.Id, u.Id, u.Email ?? "", u.DisplayName, l.LinkedAt))
            .ToListAsync(ct);
    }

    internal static async Task<Result<bool>> CanManageAsync(AppDbContext db, Caller caller, Guid contractId, CancellationToken ct)
    {
        var orgId = await db.SupportContracts.Where(c => c.Id == contractId).Select(c => (Guid?)c.OrganizationId).SingleOrDefaultAsync(ct);
        if (orgId is null || !caller.IsOperator && caller.OrganizationId != orgId)
            return Error.NotFound(ErrorCodes.ContractNotFound, "ContractNotFound");
        return caller.IsOperator || caller.IsPartnerAdmin ? true : Error.Forbidden();
    }
}
