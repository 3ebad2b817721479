using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Storage;

namespace PartnerSupport.Reports;

/// <summary>One month of one contract and product: incidents its requests consumed and got back.</summary>
public sealed record UsageRow(
    string Month, Guid OrganizationId, string Organization, Guid SupportContractId, string Contract, Guid ProductId, string Product, int Consumed, int Refunded);

/// <summary>A month's totals; every month of the period has one, empty months included, so charts have no gaps.</summary>
public sealed record UsageMonth(string Month, int Consumed, int Refunded);

public sealed record Usage(DateOnly From, DateOnly To, IReadOnlyList<UsageMonth> Months, IReadOnlyList<UsageRow> Rows);

/// <summary>
/// Incidents used per month, organization, contract and product, counted from the ledger (so the
/// report and the balances can never disagree). Operators see every organization; an
/// organization's admins (globalAdmin, mpnPartnerAdmin) only the contracts of their own.
/// </summary>
public sealed class UsageReport(AppDbContext db, TimeProvider time)
{
    /// <summary>Ten years: long enough for any review, short enough to chart.</summary>
    public const int MaxMonths = 120;

    private static readonly DateOnly Earliest = new(1900, 1, 1);
    private static readonly DateOnly Latest = new(9998, 12, 31);

    /// <summary>
    /// The period as the API and the portal take it: months (<c>yyyy-MM</c>, whole months) or days
    /// (<c>yyyy-MM-dd</c>), both ends included. Without <paramref name="to"/> it ends today; without
    /// <paramref name="from"/> it starts eleven months before the month of <paramref name="to"/>.
    /// </summary>
    public Task<Result<Usage>> RunAsync(Caller caller, string? from, string? to, CancellationToken ct = default)
    {
        var v = new Validator();
        var end = to is null ? time.Today() : ParseDay(to, endOfMonth: true);
        v.Check(end is not null, "to", "must be a month (yyyy-MM) or a date (yyyy-MM-dd) between 1900 and 9998");
        var start = from is null ? end is { } e ? new DateOnly(e.Year, e.Month, 1).AddMonths(-11) : (DateOnly?)null : ParseDay(from, endOfMonth: false);
        v.Check(start is not null || from is null, "from", "must be a month (yyyy-MM) or a date (yyyy-MM-dd) between 1900 and 9998");
        if (!v.IsValid)
            return Task.FromResult<Result<Usage>>(v.ToError());
        return RunAsync(caller, start!.Value, end!.Value, ct);
    }

    public async Task<Result<Usage>> RunAsync(Caller caller, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        Guid? onlyOrganization;
        if (caller.IsOperator || caller == Caller.System)
            onlyOrganization = null;
        else if (caller.IsPartnerAdmin && caller.OrganizationId is { } orgId)
            onlyOrganization = orgId;
        else
            return Error.Forbidden();

        var v = new Validator();
        v.Check(from >= Earliest && from <= Latest, "from", "must be between 1900 and 9998");
        v.Check(to >= Earliest && to <= Latest, "to", "must be between 1900 and 9998");
        if (v.IsValid)
        {
            v.Check(to >= from, "to", "must not be before from");
            v.Check(MonthsBetween(from, to) <= MaxMonths, "to", $"the period may span at most {MaxMonths} months");
        }
        if (!v.IsValid)
            return v.ToError();

        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var entries = await (
            from l in db.Ledger.AsNoTracking()
            where l.At >= start && l.At < end && (l.Kind == LedgerKind.Consume || l.Kind == LedgerKind.Refund) && l.ServiceRequestId != null
            join c in db.SupportContracts on l.SupportContractId equals c.Id
            where onlyOrganization == null || c.OrganizationId == onlyOrganization
            join o in db.Organizations on c.OrganizationId equals o.Id
            join r in db.ServiceRequests on l.ServiceRequestId equals r.Id
            join p in db.Products on r.ProductId equals p.Id
            select new
            {
                l.At,
                l.Kind,
                OrganizationId = o.Id,
                Organization = o.Name,
                ContractId = c.Id,
                Contract = c.Name + " " + c.AccessId,
                ProductId = p.Id,
                Product = p.Name,
            })
            .ToListAsync(ct);

        var rows = entries
            .GroupBy(e => (Month: Month(e.At), e.OrganizationId, e.Organization, e.ContractId, e.Contract, e.ProductId, e.Product))
            .Select(g => new UsageRow(g.Key.Month, g.Key.OrganizationId, g.Key.Organization, g.Key.ContractId, g.Key.Contract, g.Key.ProductId, g.Key.Product,
                g.Count(e => e.Kind == LedgerKind.Consume), g.Count(e => e.Kind == LedgerKind.Refund)))
            .OrderBy(r => r.Month, StringComparer.Ordinal).ThenBy(r => r.Organization, StringComparer.Ordinal)
            .ThenBy(r => r.Contract, StringComparer.Ordinal).ThenBy(r => r.Product, StringComparer.Ordinal)
            .ToList();

        var months = new List<UsageMonth>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
        {
            var key = m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var ofMonth = rows.Where(r => r.Month == key).ToList();
            months.Add(new UsageMonth(key, ofMonth.Sum(r => r.Consumed), ofMonth.Sum(r => r.Refunded)));
        }
        return new Usage(from, to, months, rows);
    }

    private static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static int MonthsBetween(DateOnly from, DateOnly to) => (to.Year - from.Year) * 12 + to.Month - from.Month + 1;

    private static DateOnly? ParseDay(string text, bool endOfMonth)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day >= Earliest && day <= Latest ? day : null;
        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            && text.Length == 7 && first >= Earliest && first <= Latest)
            return endOfMonth ? first.AddMonths(1).AddDays(-1) : first;
        return null;
    }
}
