using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

/// <summary>A contract is visible to the accounts that linked it, its organization and operators.</summary>
public sealed class GetContract(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ContractView>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        var contract = await ById(db, id, ct);
        if (contract is null || !await CanSeeAsync(db, caller, contract, ct))
            return Error.NotFound(ErrorCodes.ContractNotFound, "ContractNotFound");
        return new ContractView(contract, contract.StatusOn(time.Today()), null);
    }

    // The balance read is the API's most frequent call: compiled once, it skips EF Core's
    // per-call expression work and query-cache lookup.
    private static readonly Func<AppDbContext, Guid, CancellationToken, Task<SupportContract?>> ById =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken ct) => db.SupportContracts.AsNoTracking().SingleOrDefault(c => c.Id == id));

    internal static async Task<bool> CanSeeAsync(AppDbContext db, Caller caller, SupportContract contract, CancellationToken ct) =>
        caller.IsOperator
        || caller.OrganizationId == contract.OrganizationId
        || await db.ContractLinks.AnyAsync(l => l.SupportContractId == contract.Id && l.UserId == caller.UserId, ct);
}
