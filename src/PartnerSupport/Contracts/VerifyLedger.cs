using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

public sealed record LedgerMismatch(Guid ContractId, string AccessId, int? Balance, int LedgerSum, int? LastBalanceAfter);

/// <summary>Proves that every contract's balance is what its ledger says.</summary>
public sealed class VerifyLedger(AppDbContext db)
{
    public async Task<(int Checked, IReadOnlyList<LedgerMismatch> Mismatches)> RunAsync(CancellationToken ct = default)
    {
        var sums = await db.Ledger.AsNoTracking()
            .GroupBy(l => l.SupportContractId)
            .Select(g => new { Id = g.Key, Sum = g.Sum(l => l.Delta) })
            .ToDictionaryAsync(x => x.Id, ct);
        // The last entry of each contract, chosen in SQL: a list of ids as parameters would
        // exceed SQLite's limit of 32,766 variables on a large installation.
        var lastIds = db.Ledger.GroupBy(l => l.SupportContractId).Select(g => g.Max(l => l.Id));
        var last = await db.Ledger.AsNoTracking().Where(l => lastIds.Contains(l.Id)).ToDictionaryAsync(l => l.SupportContractId, l => l.BalanceAfter, ct);
        var contracts = await db.SupportContracts.AsNoTracking()
            .Where(c => c.TotalIncidents != null)
            .Select(c => new { c.Id, c.AccessId, c.RemainingIncidents })
            .ToListAsync(ct);
        var mismatches = new List<LedgerMismatch>();
        foreach (var c in contracts)
        {
            var sum = sums.TryGetValue(c.Id, out var s) ? s.Sum : 0;
            var lastBalance = last.GetValueOrDefault(c.Id);
            if (sum != c.RemainingIncidents || lastBalance != c.RemainingIncidents)
                mismatches.Add(new LedgerMismatch(c.Id, c.AccessId, c.RemainingIncidents, sum, lastBalance));
        }
        return (contracts.Count, mismatches);
    }
}
