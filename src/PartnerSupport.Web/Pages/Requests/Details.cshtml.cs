using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PartnerSupport.Casework;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Pages.Requests;

/// <summary>One entry of the request's timeline: a message (with its files) or a change of the request.</summary>
public sealed record TimelineItem(DateTimeOffset At, MessageView? Message, CaseTimelineEntry? Change);

public sealed class DetailsModel(
    GetServiceRequest get, UpdateServiceRequest update, RecordResponse respond, Contracts.ListContractBalances balances,
    ListMessages messages, ListEvents events, ListAttachments attachments, PostReply reply,
    DownloadAttachment download, AssignServiceRequest assign, IOptions<AttachmentOptions> limits, Resources.PortalText text) : PortalPage
{
    public ServiceRequestView? View { get; private set; }

    /// <summary>Messages and changes, oldest first; internal notes only for staff, as the use cases decide.</summary>
    public IReadOnlyList<TimelineItem> Timeline { get; private set; } = [];

    public IReadOnlyList<Attachment> Files { get; private set; } = [];

    /// <summary>What the request's contract has left now (null: unlimited, or no contract).</summary>
    public int? RemainingNow { get; private set; }

    /// <summary>Set when a reply's body was too large to be read at all, so the page says why it is shown again.</summary>
    [TempData(Key = AttachmentBodyLimitConvention.RefusedKey)]
    public string? Refused { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (Refused == ErrorCodes.AttachmentTooLarge)
            Show(Error.TooLarge(ErrorCodes.AttachmentTooLarge, "AttachmentTooLarge", limits.Value.MaxBytes), at: "file");
        return await LoadAsync(id, ct);
    }

    /// <summary>A file of the request, through the portal's session (the API's download takes a bearer token only).</summary>
    public async Task<IActionResult> OnGetAttachmentAsync(Guid id, Guid attachmentId, CancellationToken ct)
    {
        var found = await download.RunAsync(Me, id, attachmentId, ct);
        if (!found.IsSuccess)
            return NotFound();
        var file = found.Value;
        Response.ContentType = file.ContentType;
        Response.ContentLength = file.Size;
        Response.Headers.XContentTypeOptions = "nosniff";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(file.FileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        await download.CopyToAsync(file, Response.Body, ct);
        return new EmptyResult();
    }

    public Task<IActionResult> OnPostCloseAsync(Guid id, string? resolution, CancellationToken ct) =>
        ChangeAsync(id, $"closed\n{resolution}", new UpdateServiceRequestInput("closed", resolution), ct);

    public Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, "open", new UpdateServiceRequestInput("open", null), ct);

    public Task<IActionResult> OnPostWaitAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, "attention_needed", new UpdateServiceRequestInput("attention_needed", null), ct);

    public async Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken ct)
    {
        var result = await OnceAsync("servicerequest.assign", $"{id}\n{Me.UserId}", async () =>
        {
            var assigned = await assign.RunAsync(Me, id, new AssignServiceRequestInput(Me.UserId), ct);
            return assigned.IsSuccess ? assigned.Value.Request.Id : assigned.Error!;
        }, ct);
        return await AfterAsync(id, result, ct);
    }

    /// <summary>A message, with a file if one was chosen: both are kept, or neither.</summary>
    [ReceivesAttachment]
    public async Task<IActionResult> OnPostReplyAsync(Guid id, string? text, string? visibility, IFormFile? file, CancellationToken ct)
    {
        var chosen = file is { Length: > 0 } ? file : null;
        var result = await OnceAsync("servicerequest.reply", $"{id}\n{visibility}\n{text}\n{chosen?.FileName}\n{chosen?.Length}", async () =>
        {
            await using var content = chosen?.OpenReadStream();
            var written = await reply.RunAsync(Me, id, new PostMessageInput(text, visibility),
                chosen is null ? null : new ReplyFile(chosen.FileName, chosen.ContentType, content!), ct);
            return written.IsSuccess ? written.Value.Id : written.Error!;
        }, ct);
        if (!result.IsSuccess && result.Error!.Code is ErrorCodes.AttachmentTooLarge or ErrorCodes.AttachmentTypeBlocked or ErrorCodes.TooManyAttachments)
        {
            Show(result.Error!, at: "file");
            return await LoadAsync(id, ct);
        }
        return await AfterAsync(id, result, ct, at: "text");
    }

    /// <summary>The answer form operators used before messages; kept for the clients that post it.</summary>
    public async Task<IActionResult> OnPostRespondAsync(Guid id, string? message, CancellationToken ct)
    {
        var result = await OnceAsync("servicerequest.respond", $"{id}\n{message}", async () =>
        {
            var answered = await respond.RunAsync(Me, id, new RecordResponseInput(message), ct);
            return answered.IsSuccess ? answered.Value.Request.Id : answered.Error!;
        }, ct);
        return await AfterAsync(id, result, ct);
    }

    private async Task<IActionResult> ChangeAsync(Guid id, string asks, UpdateServiceRequestInput input, CancellationToken ct)
    {
        var result = await OnceAsync("servicerequest.update", $"{id}\n{asks}", async () =>
        {
            var changed = await update.RunAsync(Me, id, input, ct);
            return changed.IsSuccess ? changed.Value.Request.Id : changed.Error!;
        }, ct);
        return await AfterAsync(id, result, ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Result<Guid> result, CancellationToken ct, string? at = null)
    {
        if (result.IsSuccess)
        {
            Flash = text["Saved"];
            return RedirectToPage(new { id });
        }
        if (result.Error!.Kind == ErrorKind.Forbidden)
            return Forbid();
        Show(result.Error!, fields: at is null ? null : new Dictionary<string, string> { ["text"] = at, ["message"] = at });
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken ct)
    {
        var result = await get.RunAsync(Me, id, ct);
        if (!result.IsSuccess)
            return NotFound();
        View = result.Value;
        if (View.Request.SupportContractId is { } contractId)
            RemainingNow = (await balances.RunAsync([contractId], ct)).GetValueOrDefault(contractId);
        var conversation = (await messages.RunAsync(Me, id, ct)).Value;
        // The events list names each message too (as an excerpt); the timeline shows the whole message instead.
        var changes = (await events.RunAsync(Me, id, ct)).Value.Where(e => e.Kind != CaseEventKind.Message);
        Timeline = [.. conversation.Select(m => new TimelineItem(m.Message.At, m, null))
            .Concat(changes.Select(e => new TimelineItem(e.At, null, e)))
            .OrderBy(i => i.At).ThenBy(i => i.Message is null ? 0 : 1)];
        Files = (await attachments.RunAsync(Me, id, ct)).Value;
        return Page();
    }
}
