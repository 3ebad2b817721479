namespace PartnerSupport.Casework;

/// <summary>
/// A file uploaded to a request. Its bytes are in <see cref="AttachmentChunk"/> rows of the same
/// database, so every node serves it, and it lives as long as its request.
/// </summary>
public sealed class Attachment
{
    public Guid Id { get; set; }
    public Guid ServiceRequestId { get; set; }

    /// <summary>The message it belongs to, if the uploader named one; an internal message's files are staff-only too.</summary>
    public Guid? MessageId { get; set; }

    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the bytes, computed while they were received.</summary>
    public string Sha256 { get; set; } = "";

    public Guid UploadedByUserId { get; set; }
    public string UploadedByName { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public int ChunkCount { get; set; }

    /// <summary>Set when the file belongs to an internal message: partners never see it.</summary>
    public bool Internal { get; set; }
}

/// <summary>
/// A slice of an attachment's bytes. Kept in slices so that neither an upload nor a download ever
/// holds a whole file in memory, on SQLite and PostgreSQL alike.
/// </summary>
public sealed class AttachmentChunk
{
    public const int Size = 1024 * 1024;

    public Guid AttachmentId { get; set; }
    public int Index { get; set; }
    public byte[] Data { get; set; } = [];
}
