using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

public sealed record MessageView(Message Message, IReadOnlyList<Attachment> Attachments);

/// <summary>A request's conversation, oldest first, with each message's files; partners never see internal messages.</summary>
public sealed class ListMessages(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<MessageView>>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (!await ListServiceRequests.Readable(db, caller).AnyAsync(r => r.Id == id, ct))
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ServiceRequestId == id && (caller.IsStaff || m.Visibility == MessageVisibility.Public))
            .OrderBy(m => m.At).ThenBy(m => m.Id)
            .ToListAsync(ct);
        var files = (await db.Attachments.AsNoTracking()
                .Where(a => a.ServiceRequestId == id && a.MessageId != null && (caller.IsStaff || !a.Internal))
                .OrderBy(a => a.At).ThenBy(a => a.Id)
                .ToListAsync(ct))
            .ToLookup(a => a.MessageId!.Value);
        return Result<IReadOnlyList<MessageView>>.From([.. messages.Select(m => new MessageView(m, [.. files[m.Id]]))]);
    }
}
