using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

public sealed record CaseTimelineEntry(DateTimeOffset At, CaseEventKind Kind, Guid? ActorId, string ActorName, string? Detail);

/// <summary>
/// A request's timeline, oldest first: its creation, its messages (internal ones for staff only),
/// its status and assignment changes, and the incidents its contract gave and took back for it
/// (read from the ledger, where every balance change is written).
/// </summary>
public sealed class ListEvents(AppDbContext db)
{
    private const int ExcerptLength = 200;

    public async Task<Result<IReadOnlyList<CaseTimelineEntry>>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        var request = await ListServiceRequests.Readable(db, caller).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");

        var creator = await db.Users.AsNoTracking().Where(u => u.Id == request.CreatedByUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        var entries = new List<(CaseTimelineEntry Entry, int Order)>
        {
            (new CaseTimelineEntry(request.CreatedDate, CaseEventKind.Created, request.CreatedByUserId, creator ?? request.ContactEmail, request.Title), 0),
        };

        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ServiceRequestId == id && (caller.IsStaff || m.Visibility == MessageVisibility.Public))
            .OrderBy(m => m.At).ThenBy(m => m.Id)
            .ToListAsync(ct);
        entries.AddRange(messages.Select(m => (new CaseTimelineEntry(m.At, CaseEventKind.Message, m.AuthorUserId, m.AuthorName,
            (m.IsPublic ? "" : "internal: ") + Excerpt(m.Text)), 1)));

        var changes = await db.CaseEvents.AsNoTracking().Where(e => e.ServiceRequestId == id).OrderBy(e => e.Id).ToListAsync(ct);
        entries.AddRange(changes.Select(e => (new CaseTimelineEntry(e.At, e.Kind, e.ActorUserId, e.ActorName, e.Detail), 2)));

        var ledger = await db.Ledger.AsNoTracking()
            .Where(l => l.ServiceRequestId == id && (l.Kind == LedgerKind.Consume || l.Kind == LedgerKind.Refund))
            .OrderBy(l => l.Id)
            .ToListAsync(ct);
        if (ledger.Count > 0)
        {
            // The ledger names its actor by e-mail; the timeline shows the account, where there is one.
            var emails = ledger.Select(l => l.Actor).Distinct().ToList();
            var actors = await db.Users.AsNoTracking().Where(u => u.Email != null && emails.Contains(u.Email))
                .ToDictionaryAsync(u => u.Email!, u => (u.Id, u.DisplayName), ct);
            entries.AddRange(ledger.Select(l =>
            {
                var actor = actors.TryGetValue(l.Actor, out var a) ? a : ((Guid?)null, l.Actor);
                var kind = l.Kind == LedgerKind.Consume ? CaseEventKind.IncidentConsumed : CaseEventKind.IncidentRefunded;
                var balance = l.BalanceAfter is { } b ? $"{b} remaining" : "unlimited";
                return (new CaseTimelineEntry(l.At, kind, actor.Item1, actor.Item2, $"{balance}; {l.Note}".TrimEnd(' ', ';')), 3);
            }));
        }

        // At the same instant (a creation and its incident, a close and its refund) the cause comes first.
        return Result<IReadOnlyList<CaseTimelineEntry>>.From([.. entries.OrderBy(e => e.Entry.At).ThenBy(e => e.Order).Select(e => e.Entry)]);
    }

    private static string Excerpt(string text) => text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";
}
