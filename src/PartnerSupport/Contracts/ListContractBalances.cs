using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

/// <summary>
/// The balance now of the contracts a list of requests was charged to, in one query: a request
/// remembers the balance right after its own change, which is history, not what is left.
/// </summary>
public sealed class ListContractBalances(AppDbContext db)
{
    /// <returns>Each contract's remaining incidents (null when unlimited).</returns>
    public async Task<IReadOnlyDictionary<Guid, int?>> RunAsync(IEnumerable<Guid?> contractIds, CancellationToken ct = default)
    {
        var ids = contractIds.OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0)
            return new Dictionary<Guid, int?>();
        return await db.SupportContracts.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.RemainingIncidents, ct);
    }
}
