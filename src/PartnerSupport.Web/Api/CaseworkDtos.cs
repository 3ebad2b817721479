using System.ComponentModel;
using PartnerSupport.Casework;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Api;

/// <summary>Who wrote a message, and on which side of the conversation.</summary>
public sealed record MessageAuthorDto(Guid? Id, string DisplayName, [property: OneOf(typeof(MessageSide))] string Side);

/// <summary>One message of a request's conversation.</summary>
public sealed record MessageDto(
    Guid Id,
    Guid ServiceRequestId,
    DateTime At,
    MessageAuthorDto Author,
    string Text,
    [property: OneOf(typeof(MessageVisibility)), Description("`internal` messages are for staff only.")] string Visibility,
    [property: Description("The files uploaded with this message's id.")] IReadOnlyList<AttachmentDto> Attachments)
{
    public static MessageDto From(MessageView v) => new(
        v.Message.Id,
        v.Message.ServiceRequestId,
        v.Message.At.UtcDateTime,
        new MessageAuthorDto(v.Message.AuthorUserId, v.Message.AuthorName, Dtos.Name(v.Message.Side)),
        v.Message.Text,
        Dtos.Name(v.Message.Visibility),
        [.. v.Attachments.Select(AttachmentDto.From)]);
}

/// <summary>A file uploaded to a request.</summary>
public sealed record AttachmentDto(
    Guid Id,
    [property: Description("The name it was uploaded with, without any folder.")] string FileName,
    [property: Description("As the upload declared it (`application/octet-stream` when it declared none usable).")] string ContentType,
    [property: Description("Bytes.")] long Size,
    [property: Description("Lower-case hex SHA-256 of the bytes.")] string Sha256,
    PersonDto UploadedBy,
    DateTime At,
    [property: Description("The message it was uploaded with, if any.")] Guid? MessageId)
{
    public static AttachmentDto From(Attachment a) =>
        new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, new PersonDto(a.UploadedByUserId, a.UploadedByName), a.At.UtcDateTime, a.MessageId);
}

/// <summary>One entry of a request's timeline.</summary>
public sealed record EventDto(
    DateTime At,
    [property: OneOf(typeof(CaseEventKind))] string Kind,
    PersonDto Actor,
    [property: Description("What happened, for people: the title, a message's start, `open -> closed (resolved)`, the assignee, the balance after an incident.")] string? Detail)
{
    public static EventDto From(CaseTimelineEntry e) => new(e.At.UtcDateTime, Dtos.Name(e.Kind), new PersonDto(e.ActorId, e.ActorName), e.Detail);
}
