using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

/// <summary>
/// One attachment's bytes, exactly as uploaded, for whoever may read its request (and, for an
/// internal message's file, staff only). Read a slice at a time, never the whole file in memory.
/// </summary>
public sealed class DownloadAttachment(AppDbContext db)
{
    public async Task<Result<Attachment>> RunAsync(Caller caller, Guid id, Guid attachmentId, CancellationToken ct = default)
    {
        if (!await ListServiceRequests.Readable(db, caller).AnyAsync(r => r.Id == id, ct))
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        var attachment = await db.Attachments.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == attachmentId && a.ServiceRequestId == id && (caller.IsStaff || !a.Internal), ct);
        return attachment is null ? Error.NotFound(ErrorCodes.AttachmentNotFound, "AttachmentNotFound") : attachment;
    }

    public async Task CopyToAsync(Attachment attachment, Stream destination, CancellationToken ct = default)
    {
        for (var index = 0; index < attachment.ChunkCount; index++)
        {
            var i = index;
            var data = await db.AttachmentChunks.AsNoTracking()
                .Where(c => c.AttachmentId == attachment.Id && c.Index == i)
                .Select(c => c.Data)
                .SingleAsync(ct);
            await destination.WriteAsync(data, ct);
        }
    }
}
