using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Audit;

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
