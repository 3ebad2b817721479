using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

/// <summary>A file sent with a reply, as the host received it from its form.</summary>
public sealed record ReplyFile(string? FileName, string? ContentType, Stream Content);

/// <summary>
/// A message with an optional file (the portal's reply box) as one change: the file is read and
/// checked first, then the message and the file are written in one transaction, so a refused file
/// never leaves its message behind, nor a refused message its file.
/// </summary>
public sealed class PostReply(AppDbContext db, PostMessage post, UploadAttachment upload)
{
    public async Task<Result<Message>> RunAsync(Caller caller, Guid id, PostMessageInput input, ReplyFile? file, CancellationToken ct = default)
    {
        var visibility = await post.CheckAsync(caller, id, input, ct);
        if (!visibility.IsSuccess)
            return visibility.Error!;

        await using var spool = file is null ? null : UploadAttachment.Spool();
        UploadAttachment.Received? received = null;
        if (file is not null)
        {
            var request = await ListServiceRequests.Readable(db, caller).AsNoTracking().SingleAsync(r => r.Id == id, ct);
            if (upload.Full(request) is { } full)
                return full;
            var read = await upload.ReceiveAsync(file.FileName, file.ContentType, file.Content, spool!, ct);
            if (!read.IsSuccess)
                return read.Error!;
            received = read.Value;
        }

        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var written = await post.WriteAsync(caller, id, input.Text!, visibility.Value, ct);
        if (!written.IsSuccess)
            return written.Error!;
        if (received is not null)
        {
            var message = written.Value;
            var attached = await upload.WriteAsync(caller, id, received, spool!, message.Id, message.Visibility == MessageVisibility.Internal, ct);
            // Leaving without a commit rolls the message back with the file.
            if (!attached.IsSuccess)
                return attached.Error!;
        }
        await tx.CommitAsync(ct);
        return written;
    }
}
