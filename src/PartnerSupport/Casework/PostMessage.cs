using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Notifications;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

public sealed record PostMessageInput(string? Text, string? Visibility);

/// <summary>
/// Adds a message to a request's conversation: whoever may read the request writes public ones,
/// staff also internal ones. The first public staff message is the request's first response (its
/// response target is met or missed by it); a partner's message puts a request that waited on the
/// partner (attention_needed) back to open. Every change to the request is one conditional
/// statement, so two nodes writing at once lose nothing and a closed request takes no message.
/// </summary>
public sealed class PostMessage(AppDbContext db, TimeProvider time)
{
    public async Task<Result<Message>> RunAsync(Caller caller, Guid id, PostMessageInput input, CancellationToken ct = default)
    {
        var checkedInput = await CheckAsync(caller, id, input, ct);
        if (!checkedInput.IsSuccess)
            return checkedInput.Error!;
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var written = await WriteAsync(caller, id, input.Text!, checkedInput.Value, ct);
        if (written.IsSuccess)
            await tx.CommitAsync(ct);
        return written;
    }

    /// <summary>What is refused before anything is written: the input, a request the caller cannot read, an internal note from a partner.</summary>
    internal async Task<Result<MessageVisibility>> CheckAsync(Caller caller, Guid id, PostMessageInput input, CancellationToken ct)
    {
        var visibility = input.Visibility switch
        {
            null or "public" => MessageVisibility.Public,
            "internal" => MessageVisibility.Internal,
            _ => (MessageVisibility?)null,
        };
        var v = new Validator().Require("text", input.Text, Message.MaxLength);
        v.Check(visibility is not null, "visibility", "must be public or internal");
        if (!v.IsValid)
            return v.ToError();
        if (!await ListServiceRequests.Readable(db, caller).AnyAsync(r => r.Id == id, ct))
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        if (visibility == MessageVisibility.Internal && !caller.IsStaff)
            return Error.Forbidden();
        return visibility!.Value;
    }

    /// <summary>Writes a checked message inside the caller's open write transaction; nothing is committed here.</summary>
    internal async Task<Result<Message>> WriteAsync(Caller caller, Guid id, string text, MessageVisibility visibility, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var side = caller.IsStaff ? MessageSide.Staff : MessageSide.Partner;
        var isPublic = visibility == MessageVisibility.Public;
        var firstResponse = isPublic && side == MessageSide.Staff;
        // An internal message changes nothing a partner can see on the request, not even its dates.
        var target = db.ServiceRequests.Where(r => r.Id == id && r.Status != ServiceRequestStatus.Closed);
        var open = !isPublic
            ? await target.CountAsync(ct)
            : firstResponse
                ? await target.ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.LastMessageAt, now)
                    .SetProperty(r => r.LastModifiedDate, now)
                    .SetProperty(r => r.FirstResponseAt, r => r.FirstResponseAt ?? now), ct)
                : await target.ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.LastMessageAt, now)
                    .SetProperty(r => r.LastModifiedDate, now), ct);
        if (open == 0)
            return Error.Conflict(ErrorCodes.ServiceRequestClosed, "ServiceRequestClosed");

        var reopenedByPartner = false;
        if (side == MessageSide.Partner)
        {
            var reopened = await db.ServiceRequests.Where(r => r.Id == id && r.Status == ServiceRequestStatus.AttentionNeeded)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, ServiceRequestStatus.Open)
                    .SetProperty(r => r.Version, r => r.Version + 1), ct);
            reopenedByPartner = reopened > 0;
            if (reopened > 0)
                db.CaseEvents.Add(CaseEvents.New(id, now, CaseEventKind.StatusChanged, caller, "attention_needed -> open"));
        }

        text = text.Trim();
        var message = new Message
        {
            Id = Guid.CreateVersion7(),
            ServiceRequestId = id,
            At = now,
            AuthorUserId = caller.UserId == Guid.Empty ? null : caller.UserId,
            AuthorName = caller.DisplayName,
            Side = side,
            Visibility = visibility,
            Text = text,
            SearchText = ServiceRequest.Fold(text),
        };
        db.Messages.Add(message);
        // An internal note is the staff's own: nobody outside hears of it.
        if (isPublic || reopenedByPartner)
        {
            var request = await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
            if (reopenedByPartner)
                db.AnnounceRequest(EventTypes.ServiceRequestUpdated, request, caller, now, change: new { field = "status", from = "attention_needed", to = "open" });
            if (isPublic)
                db.AnnounceRequest(EventTypes.ServiceRequestMessage, request, caller, now, message: Data(message));
        }
        db.Audit(caller, now, "servicerequest.message", id, visibility == MessageVisibility.Internal ? "internal" : "public");
        await db.SaveChangesAsync(ct);
        return message;
    }

    /// <summary>What an event says of a public message; the author by name, as the request's page shows it.</summary>
    public static object Data(Message m) => new
    {
        id = m.Id,
        at = m.At,
        author = m.AuthorName,
        side = m.Side == MessageSide.Staff ? "staff" : "partner",
        text = m.Text,
    };
}
