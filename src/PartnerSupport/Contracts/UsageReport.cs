using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Contracts;

public sealed record UsageRow(string Month, string Organization, string Contract, string Product, int Consumed, int Refunded);

/// <summary>Incidents used per month, organization, contract and product, from the ledger.</summary>
public sealed class UsageReport(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<UsageRow>>> RunAsync(Caller caller, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (!caller.IsOperator && caller != Caller.System)
            return Error.Forbidden();
        if (to < from)
            return Error.Validation("to", "must not be before from");
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var entries = await (
            from l in db.Ledger.AsNoTracking()
            where l.At >= start && l.At < end && (l.Kind == LedgerKind.Consume || l.Kind == LedgerKind.Refund) && l.ServiceRequestId != null
            join c in db.SupportContracts on l.SupportContractId equals c.Id
            join o in db.Organizations on c.OrganizationId equals o.Id
            join r in db.ServiceRequests on l.ServiceRequestId equals r.Id
            join p in db.Products on r.ProductId equals p.Id
            select new { l.At, l.Kind, Organization = o.Name, Contract = c.Name + " " + c.AccessId, Product = p.Name })
            .ToListAsync(ct);
        return entries
            .GroupBy(e => (Month: e.At.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), e.Organization, e.Contract, e.Product))
            .Select(g => new UsageRow(g.Key.Month, g.Key.Organization, g.Key.Contract, g.Key.Product,
                g.Count(e => e.Kind == LedgerKind.Consume), g.Count(e => e.Kind == LedgerKind.Refund)))
            .OrderBy(r => r.Month, StringComparer.Ordinal).ThenBy(r => r.Organization, StringComparer.Ordinal).ThenBy(r => r.Contract, StringComparer.Ordinal).ThenBy(r => r.Product, StringComparer.Ordinal)
            .ToList();
    }
}
