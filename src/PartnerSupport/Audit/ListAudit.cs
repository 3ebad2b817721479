using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Audit;

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? Before);

/// <summary>Operators read the trail, newest first, filtered by actor or action.</summary>
public sealed class ListAudit(AppDbContext db)
{
    public async Task<Result<AuditPage>> RunAsync(Caller caller, string? actor, string? action, long? before, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var v = new Validator().Optional("actor", actor, 256).Optional("action", action, 64);
        if (!v.IsValid)
            return v.ToError();
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(actor))
            query = query.Where(e => e.Actor == actor);
        if (!string.IsNullOrEmpty(action))
            query = query.Where(e => e.Action == action);
        if (before is { } b)
            query = query.Where(e => e.Id < b);
        var items = await query.OrderByDescending(e => e.Id).Take(101).ToListAsync(ct);
        return new AuditPage(items.Take(100).ToList(), items.Count > 100 ? items[99].Id : null);
    }
}
