using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Notifications;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

/// <summary>
/// Receives a file for a request from a multipart/form-data body (one <c>file</c> part, an optional
/// <c>messageId</c>). The file is read once, as it arrives: hashed and counted while it is copied to
/// a temporary file, refused as soon as it passes the size limit, so no upload is ever held in
/// memory whole nor keeps the database's write lock while the client is still sending. Only then
/// is it written to the database, in slices, in one short transaction whose conditional count
/// keeps the per-request limit even when uploads race.
/// </summary>
public sealed class UploadAttachment(AppDbContext db, TimeProvider time, IOptions<AttachmentOptions> options)
{
    private const int MaxFieldLength = 100;

    public async Task<Result<Attachment>> RunAsync(Caller caller, Guid id, string? contentType, Stream body, CancellationToken ct = default)
    {
        var limits = options.Value;
        var request = await ListServiceRequests.Readable(db, caller).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
            return Error.UnsupportedMediaType(ErrorCodes.UnsupportedMediaType, "UnsupportedMediaType");
        // Said before the client's file is read, when it is certain; the count below decides races.
        if (request.AttachmentCount >= limits.MaxPerRequest)
            return Error.Conflict(ErrorCodes.TooManyAttachments, "TooManyAttachments", limits.MaxPerRequest);

        await using var spool = Spool();
        var reader = new MultipartReader(boundary, body);
        Received? file = null;
        string? messageIdText = null;
        var v = new Validator();
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "file")
                {
                    if (file is not null)
                    {
                        v.Add("file", "send one file per upload");
                        break;
                    }
                    var received = await ReceiveAsync(section.Body, spool, limits.MaxBytes, ct);
                    if (received is null)
                        return Error.TooLarge(ErrorCodes.AttachmentTooLarge, "AttachmentTooLarge", limits.MaxBytes);
                    file = received with { FileName = FileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value), ContentType = ContentType(section.ContentType) };
                }
                else if (name == "messageId")
                {
                    messageIdText = await ReadFieldAsync(section.Body, ct);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
        {
            // A body that is not the multipart it says it is (a cut-off part, a missing boundary)
            // is the client's mistake. Kestrel's own body limit (BadHttpRequestException) keeps its 413.
            return new Error(ErrorKind.Validation, ErrorCodes.MalformedRequest, "MalformedRequest");
        }
        if (file is null)
            v.Add("file", "is required: a multipart/form-data part named file, with a filename");
        Guid? messageId = null;
        if (messageIdText is { Length: > 0 })
        {
            if (Guid.TryParse(messageIdText, out var parsed))
                messageId = parsed;
            else
                v.Add("messageId", "must be the id of a message of this request");
        }
        if (!v.IsValid)
            return v.ToError();
        return await StoreAsync(caller, id, file!, spool, messageId, limits, ct);
    }

    /// <summary>
    /// A file the host has already taken apart from its form (the portal's reply box), read once to
    /// <paramref name="spool"/> as above and checked: what the file itself makes refused is said
    /// here, before anything is written.
    /// </summary>
    internal async Task<Result<Received>> ReceiveAsync(string? fileName, string? contentType, Stream content, Stream spool, CancellationToken ct)
    {
        var limits = options.Value;
        var received = await ReceiveAsync(content, spool, limits.MaxBytes, ct);
        if (received is null)
            return Error.TooLarge(ErrorCodes.AttachmentTooLarge, "AttachmentTooLarge", limits.MaxBytes);
        var file = received with { FileName = FileName(fileName), ContentType = ContentType(contentType) };
        if (Blocked(file.FileName, file.Head, limits))
            return Error.UnsupportedMediaType(ErrorCodes.AttachmentTypeBlocked, "AttachmentTypeBlocked");
        return file;
    }

    /// <summary>Whether the request has room for one more file, as far as can be told before its transaction.</summary>
    internal Error? Full(ServiceRequest request) =>
        request.AttachmentCount >= options.Value.MaxPerRequest
            ? Error.Conflict(ErrorCodes.TooManyAttachments, "TooManyAttachments", options.Value.MaxPerRequest)
            : null;

    private static bool Blocked(string fileName, ReadOnlySpan<byte> head, AttachmentOptions limits)
    {
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        return IsExecutable(head) || (extension.Length > 0 && limits.BlockedExtensionSet.Contains(extension));
    }

    internal static FileStream Spool() =>
        new(Path.Combine(Path.GetTempPath(), "partnersupport-upload-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private async Task<Result<Attachment>> StoreAsync(
        Caller caller, Guid id, Received file, FileStream spool, Guid? messageId, AttachmentOptions limits, CancellationToken ct)
    {
        if (Blocked(file.FileName, file.Head, limits))
            return Error.UnsupportedMediaType(ErrorCodes.AttachmentTypeBlocked, "AttachmentTypeBlocked");

        var internalMessage = false;
        if (messageId is { } mid)
        {
            var message = await db.Messages.AsNoTracking().Where(m => m.Id == mid && m.ServiceRequestId == id)
                .Select(m => new { m.Visibility }).SingleOrDefaultAsync(ct);
            if (message is null || (message.Visibility == MessageVisibility.Internal && !caller.IsStaff))
                return Error.Validation("messageId", "must be the id of a message of this request");
            internalMessage = message.Visibility == MessageVisibility.Internal;
        }

        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var stored = await WriteAsync(caller, id, file, spool, messageId, internalMessage, ct);
        if (stored.IsSuccess)
            await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>
    /// Writes a received file inside the caller's open write transaction, so that it is kept or
    /// dropped with whatever else that transaction writes (the reply it belongs to).
    /// </summary>
    internal async Task<Result<Attachment>> WriteAsync(
        Caller caller, Guid id, Received file, Stream spool, Guid? messageId, bool internalMessage, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var attachment = new Attachment
        {
            Id = Guid.CreateVersion7(),
            ServiceRequestId = id,
            MessageId = messageId,
            FileName = file.FileName,
            ContentType = file.ContentType,
            Size = file.Size,
            Sha256 = file.Sha256,
            UploadedByUserId = caller.UserId,
            UploadedByName = caller.DisplayName,
            At = now,
            ChunkCount = (int)((file.Size + AttachmentChunk.Size - 1) / AttachmentChunk.Size),
            Internal = internalMessage,
        };

        var max = options.Value.MaxPerRequest;
        var counted = await db.ServiceRequests.Where(r => r.Id == id && r.AttachmentCount < max)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AttachmentCount, r => r.AttachmentCount + 1), ct);
        if (counted == 0)
            return Error.Conflict(ErrorCodes.TooManyAttachments, "TooManyAttachments", max);
        db.Attachments.Add(attachment);
        // A file sent with a message is announced by the message; one sent alone by a partner
        // must still reach the engineer, and staff's own files tell the partner through their message.
        if (messageId is null && !caller.IsStaff)
        {
            var request = await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
            db.AnnounceRequest(Announcements.AttachmentAdded, request, caller, now,
                change: new { attachment = new { id = attachment.Id, fileName = attachment.FileName, size = attachment.Size } });
        }
        db.Audit(caller, now, "servicerequest.attach", id, $"{attachment.Id} {attachment.Size} bytes");
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        spool.Position = 0;
        var buffer = new byte[AttachmentChunk.Size];
        for (var index = 0; index < attachment.ChunkCount; index++)
        {
            var length = await spool.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            db.AttachmentChunks.Add(new AttachmentChunk { AttachmentId = attachment.Id, Index = index, Data = buffer[..length] });
            await db.SaveChangesAsync(ct);
            // One slice in memory at a time, however large the file.
            db.ChangeTracker.Clear();
        }
        return attachment;
    }

    internal sealed record Received(long Size, string Sha256, byte[] Head)
    {
        public string FileName { get; init; } = "";
        public string ContentType { get; init; } = "";
    }

    /// <summary>Copies the part to the spool, hashing as it goes; null once it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<Received?> ReceiveAsync(Stream part, Stream spool, long maxBytes, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        var head = new byte[8];
        var headLength = 0;
        long size = 0;
        int read;
        while ((read = await part.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > maxBytes)
                return null;
            if (headLength < head.Length)
            {
                var take = Math.Min(head.Length - headLength, read);
                buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                headLength += take;
            }
            hash.AppendData(buffer, 0, read);
            await spool.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        await spool.FlushAsync(ct);
        return new Received(size, Convert.ToHexStringLower(hash.GetHashAndReset()), head[..headLength]);
    }

    private static async Task<string> ReadFieldAsync(Stream part, CancellationToken ct)
    {
        using var reader = new StreamReader(part, Encoding.UTF8);
        var buffer = new char[MaxFieldLength + 1];
        var length = await reader.ReadBlockAsync(buffer, ct);
        // A value longer than any id is no id: answered as one.
        return length > MaxFieldLength ? "-" : new string(buffer, 0, length).Trim();
    }

    /// <summary>
    /// Programs by their first bytes, whatever their name: Windows (MZ), Linux and most Unixes
    /// (ELF), macOS (Mach-O, 32 and 64 bits either byte order, and universal binaries) and scripts
    /// that name their interpreter (#!).
    /// </summary>
    public static bool IsExecutable(ReadOnlySpan<byte> head) =>
        head.StartsWith("MZ"u8)
        || head.StartsWith("\u007fELF"u8)
        || head.StartsWith("#!"u8)
        || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCF])
        || head.StartsWith((ReadOnlySpan<byte>)[0xCE, 0xFA, 0xED, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE])
        || head.StartsWith((ReadOnlySpan<byte>)[0xCA, 0xFE, 0xBA, 0xBE]);

    /// <summary>The name without any folder a client put in it, without control characters, at most 255 characters.</summary>
    private static string FileName(string? raw)
    {
        raw ??= "";
        var name = new string(raw.Replace('\\', '/').Split('/')[^1].Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > 255)
            name = name[^255..];
        return name.Length == 0 || name is "." or ".." ? "attachment" : name;
    }

    /// <summary>The part's declared type when it is a plain <c>type/subtype</c>; anything else is bytes.</summary>
    private static string ContentType(string? declared) =>
        MediaTypeHeaderValue.TryParse(declared, out var media) && media.MediaType.Value is { Length: <= 128 } type && type.Count(c => c == '/') == 1
            ? type.ToLowerInvariant()
            : "application/octet-stream";
}
