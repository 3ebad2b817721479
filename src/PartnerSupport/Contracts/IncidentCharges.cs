using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Notifications;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

/// <summary>
/// Moves one request's charge on its contract (none, held, consumed), inside the caller's
/// transaction. Every balance change is one conditional UPDATE plus the ledger entry that
/// explains it, so the balance can neither go below zero nor drift from the ledger.
/// </summary>
public static class IncidentCharges
{
    /// <summary>The contract's balance after the move (null for unlimited), or no-incidents-remaining.</summary>
    public static async Task<Result<int?>> MoveAsync(
        AppDbContext db, SupportContract contract, Guid serviceRequestId, IncidentCharge from, IncidentCharge to,
        string actor, string? note, DateTimeOffset now, CancellationToken ct)
    {
        if (from == to)
            return contract.IsUnlimited ? null : await BalanceAsync(db, contract.Id, ct);

        var id = contract.Id;
        var contracts = db.SupportContracts.Where(c => c.Id == id);
        int? balance = null;
        if (!contract.IsUnlimited)
        {
            var (set, condition) = (from, to) switch
            {
                // Available = remaining - held: what is not yet promised to an open request.
                (IncidentCharge.None, IncidentCharge.Consumed) => ("\"RemainingIncidents\" = \"RemainingIncidents\" - 1", "\"RemainingIncidents\" - \"HeldIncidents\" > 0"),
                (IncidentCharge.None, IncidentCharge.Held) => ("\"HeldIncidents\" = \"HeldIncidents\" + 1", "\"RemainingIncidents\" - \"HeldIncidents\" > 0"),
                (IncidentCharge.Held, IncidentCharge.Consumed) => ("\"HeldIncidents\" = \"HeldIncidents\" - 1, \"RemainingIncidents\" = \"RemainingIncidents\" - 1", "\"HeldIncidents\" > 0 AND \"RemainingIncidents\" > 0"),
                (IncidentCharge.Held, IncidentCharge.None) => ("\"HeldIncidents\" = \"HeldIncidents\" - 1", "\"HeldIncidents\" > 0"),
                (IncidentCharge.Consumed, IncidentCharge.None) => ("\"RemainingIncidents\" = \"RemainingIncidents\" + 1", "1 = 1"),
                (IncidentCharge.Consumed, IncidentCharge.Held) => ("\"RemainingIncidents\" = \"RemainingIncidents\" + 1, \"HeldIncidents\" = \"HeldIncidents\" + 1", "1 = 1"),
                _ => throw new InvalidOperationException($"No move from {from} to {to}."),
            };
            // One statement changes the balance and answers it (RETURNING: SQLite 3.35+ and
            // PostgreSQL), so the row lock is held for one round trip fewer. The fragments are
            // constants of this method; only the id is a parameter.
            var sql = $"UPDATE \"SupportContracts\" SET {set} WHERE \"Id\" = {{0}} AND {condition} RETURNING \"RemainingIncidents\" AS \"Value\"";
            var after = await db.Database.SqlQueryRaw<int>(sql, id).ToListAsync(ct);
            if (after.Count == 0)
                return Error.Conflict(ErrorCodes.NoIncidentsRemaining, "NoIncidentsRemaining");
            balance = after[0];
        }

        var delta = (from, to) switch
        {
            (_, IncidentCharge.Consumed) => -1,
            (IncidentCharge.Consumed, _) => +1,
            _ => 0,
        };
        if (delta != 0)
        {
            db.Ledger.Add(new LedgerEntry
            {
                SupportContractId = id,
                At = now,
                Delta = delta,
                BalanceAfter = balance,
                Kind = delta < 0 ? LedgerKind.Consume : LedgerKind.Refund,
                ServiceRequestId = serviceRequestId,
                Actor = actor,
                Note = note,
            });
            // Whose request it was stays out: another account that linked the contract sees the
            // ledger's figures, not what they were for.
            db.Announce(delta < 0 ? EventTypes.IncidentConsumed : EventTypes.IncidentRefunded, contract.OrganizationId, serviceRequestId, null,
                new { supportContractId = id, serviceRequestId, delta, balanceAfter = balance, at = now }, now);
        }
        // An incident given back to a contract whose expiry is already recorded expires at once:
        // the ledger shows both steps, and an expired contract never regains a balance.
        if (to == IncidentCharge.None && !contract.IsUnlimited
            && await contracts.AnyAsync(c => c.ExpiryRecordedAt != null, ct))
        {
            await contracts.ExecuteUpdateAsync(s => s.SetProperty(c => c.RemainingIncidents, c => c.RemainingIncidents - 1), ct);
            balance = await BalanceAsync(db, id, ct);
            db.Ledger.Add(new LedgerEntry
            {
                SupportContractId = id,
                At = now,
                Delta = -1,
                BalanceAfter = balance,
                Kind = LedgerKind.Expire,
                ServiceRequestId = serviceRequestId,
                Actor = actor,
                Note = "Returned after the contract ended",
            });
        }
        return balance;
    }

    private static async Task<int?> BalanceAsync(AppDbContext db, Guid contractId, CancellationToken ct) =>
        await db.SupportContracts.Where(c => c.Id == contractId).Select(c => c.RemainingIncidents).SingleAsync(ct);
}
