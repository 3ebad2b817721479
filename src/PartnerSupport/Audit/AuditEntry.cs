using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Audit;

/// <summary>One administrative or balance-changing action: who, what, when, from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public Guid? ActorUserId { get; set; }
    public string? ClientAddress { get; set; }
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? Details { get; set; }
}

public static class AuditLog
{
    /// <summary>Adds the entry to the unit of work: it is saved with the change it describes, or not at all.</summary>
    public static void Audit(this AppDbContext db, Caller caller, DateTimeOffset at, string action, object target, string? details = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at,
            Actor = caller.Actor,
            ActorUserId = caller.UserId == Guid.Empty ? null : caller.UserId,
            ClientAddress = caller.ClientAddress,
            Action = action,
            Target = Cut(target.ToString() ?? "", 256),
            Details = details is null ? null : Cut(details, 1000),
        });

    private static string Cut(string value, int length) => value.Length > length ? value[..length] : value;
}

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
