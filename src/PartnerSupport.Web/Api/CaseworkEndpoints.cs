using System.ComponentModel;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PartnerSupport.Casework;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

/// <summary>Working requests: the staff's queue, assignment, the conversation, its files and the timeline.</summary>
public static class CaseworkEndpoints
{
    /// <summary>Room for the multipart framing around the file (boundaries, part headers, the message id).</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static void Map(RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Casework");

        api.MapGet("/queue", (
                [Description("`open`, `attention_needed`, `closed`, `none`, or several separated by commas; default `open,attention_needed`.")] string? status,
                [Description("`critical`, `moderate`, `minimal`, or several separated by commas.")] string? severity,
                Guid? organizationId,
                Guid? productId,
                [Description("`me`, `unassigned`, or a staff user's id.")] string? assignedTo,
                [Description("`true`: only requests that missed their response target; `false`: only those that did not.")] bool? breached,
                [Description("Words to find in the title, the description or any message (case-insensitive, any language).")] string? q,
                [Description("The `continuationToken` of the previous page.")] string? continuationToken,
                [Description("Requests per page, 1 to 200; default 50.")] int? pageSize,
                ListQueue uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), new QueueFilter(status, severity, organizationId, productId, assignedTo, breached, q, continuationToken, pageSize), ct)
                .Respond(http, page => TypedResults.Ok(ServiceRequestPageDto.From(page))))
            .WithName("ListQueue")
            .WithSummary("The staff's queue")
            .WithDescription("Staff (operators and support engineers): every organization's requests, ordered by response due time, earliest first, "
                + "then by creation. Pages are keyset-paged: a request created while paging never makes another repeat or disappear.")
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");

        api.MapPost("/servicerequests/{id:guid}/assign", (Guid id, AssignServiceRequestInput body, AssignServiceRequest uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).Respond(http, r => TypedResults.Ok(ServiceRequestDto.From(r))))
            .WithName("AssignServiceRequest")
            .WithSummary("Assign a service request")
            .WithDescription("Staff. `assigneeId`: a staff account's id, or null to unassign; any other account is refused (400 `validation-failed`). "
                + "Answers the updated request.")
            .WithRequestExample(new AssignServiceRequestInput(new Guid("0193a2f0-7e3a-7d5c-9f60-4b8cad3e5f70")))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found");

        api.MapPost("/servicerequests/{id:guid}/messages", (Guid id, PostMessageInput body, PostMessage uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).Respond(http, m =>
                TypedResults.Created($"/v1/servicerequests/{id}/messages", MessageDto.From(new MessageView(m, [])))))
            .WithName("PostMessage")
            .WithSummary("Write to a service request")
            .WithDescription("Whoever may read the request. `visibility`: `public` (default) or `internal` (staff only: never shown to partners). "
                + "The first public staff message sets `firstResponseAt`; a partner's message sets a request in `attention_needed` back to `open`. "
                + "At most 20,000 characters.")
            .WithRequestExample(new PostMessageInput("Please send the cluster validation report.", "public"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found")
            .Refuses(StatusCodes.Status409Conflict, "service-request-closed");

        api.MapGet("/servicerequests/{id:guid}/messages", (Guid id, ListMessages uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(MessageDto.From)))))
            .WithName("ListMessages")
            .WithSummary("A service request's conversation")
            .WithDescription("Whoever may read the request. Oldest first; partners never see `internal` messages.")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found");

        api.MapPost("/servicerequests/{id:guid}/attachments", async (Guid id, UploadAttachment uc, IOptions<AttachmentOptions> limits, HttpContext http, CancellationToken ct) =>
            {
                // This endpoint's own limit: every other one keeps the server's 256 KiB.
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                    size.MaxRequestBodySize = limits.Value.MaxBytes + MultipartOverhead;
                return await uc.RunAsync(http.Caller(), id, http.Request.ContentType, http.Request.Body, ct)
                    .Respond(http, a => TypedResults.Created($"/v1/servicerequests/{id}/attachments/{a.Id}", AttachmentDto.From(a)));
            })
            .AcceptsUpload("file", "messageId")
            .Refuses(StatusCodes.Status400BadRequest, "malformed-request")
            .WithName("UploadAttachment")
            .WithSummary("Attach a file to a service request")
            .WithDescription("Whoever may read the request. `multipart/form-data` with one `file` part and an optional `messageId` (a message of this "
                + "request; a file of an internal message is staff-only too). At most `Attachments:MaxBytes` (default 25 MiB) and "
                + "`Attachments:MaxPerRequest` files (default 50); executables (recognised by their content: Windows, ELF, Mach-O, `#!` scripts) "
                + "and names with an extension in `Attachments:BlockedExtensions` are refused.")
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found")
            .Refuses(StatusCodes.Status409Conflict, "too-many-attachments")
            .Refuses(StatusCodes.Status413PayloadTooLarge, "attachment-too-large", "payload-too-large")
            .Refuses(StatusCodes.Status415UnsupportedMediaType, "attachment-type-blocked", "unsupported-media-type");

        api.MapGet("/servicerequests/{id:guid}/attachments", (Guid id, ListAttachments uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(AttachmentDto.From)))))
            .WithName("ListAttachments")
            .WithSummary("A service request's files")
            .WithDescription("Whoever may read the request. Oldest first; partners never see the files of internal messages.")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found");

        api.MapGet("/servicerequests/{id:guid}/attachments/{attachmentId:guid}", async Task<Results<PushStreamHttpResult, ProblemHttpResult>> (
                Guid id, Guid attachmentId, DownloadAttachment uc, HttpContext http, CancellationToken ct) =>
            {
                var found = await uc.RunAsync(http.Caller(), id, attachmentId, ct);
                if (!found.IsSuccess)
                    return Problems.From(found.Error!, http);
                var attachment = found.Value;
                http.Response.ContentLength = attachment.Size;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.Stream(body => uc.CopyToAsync(attachment, body, ct), attachment.ContentType, attachment.FileName);
            })
            .AnswersFile()
            .WithName("DownloadAttachment")
            .WithSummary("Download a file")
            .WithDescription("Whoever may read the request: the exact bytes uploaded, with `Content-Disposition: attachment; filename=...` and "
                + "`X-Content-Type-Options: nosniff`. A file of another request or organization (or, for a partner, of an internal message): 404.")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found", "attachment-not-found");

        api.MapGet("/servicerequests/{id:guid}/events", (Guid id, ListEvents uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(EventDto.From)))))
            .WithName("ListEvents")
            .WithSummary("A service request's timeline")
            .WithDescription("Whoever may read the request. Oldest first: `created`, `message`, `statusChanged`, `assigned`, `closed`, `reopened`, "
                + "`incidentConsumed`, `incidentRefunded`; partners never see internal messages here either.")
            .Refuses(StatusCodes.Status404NotFound, "service-request-not-found");
    }
}
