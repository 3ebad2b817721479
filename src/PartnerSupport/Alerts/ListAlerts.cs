using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Alerts;

public sealed record AlertView(Alert Alert, string ContractName, string OrganizationName)
{
    public static string KindName(AlertKind kind) => kind switch
    {
        AlertKind.LowBalance => "lowBalance",
        _ => "endingSoon",
    };
}

/// <summary>
/// The alerts an organization's admins act on (buy a plan, renew); operators see every
/// organization's. Other users manage no contracts, so they get none.
/// </summary>
public sealed class ListAlerts(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<AlertView>>> RunAsync(Caller caller, CancellationToken ct = default)
    {
        if (!caller.IsOperator && !(caller.IsPartnerAdmin && caller.OrganizationId is not null))
            return Error.Forbidden();
        var alerts = db.Alerts.AsNoTracking();
        if (!caller.IsOperator)
            alerts = alerts.Where(a => a.OrganizationId == caller.OrganizationId);
        var rows = await alerts
            .Join(db.SupportContracts, a => a.SupportContractId, c => c.Id, (a, c) => new { a, c.Name })
            .Join(db.Organizations, x => x.a.OrganizationId, o => o.Id, (x, o) => new { x.a, x.Name, Org = o.Name })
            .OrderByDescending(x => x.a.RaisedAt).ThenBy(x => x.a.Id)
            .Take(500)
            .ToListAsync(ct);
        return Result<IReadOnlyList<AlertView>>.From(rows.Select(x => new AlertView(x.a, x.Name, x.Org)).ToList());
    }
}
