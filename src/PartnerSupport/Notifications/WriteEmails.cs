using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerSupport.Accounts;
using PartnerSupport.Storage;

namespace PartnerSupport.Notifications;

/// <summary>
/// The e-mail channel's fan-out: each outbound event becomes the messages API.md's table calls
/// for, in each recipient's language. An event is claimed by a conditional update of its
/// MailedAt in the same transaction that writes its messages, so the messages exist exactly once
/// whichever node claims it, and a node that dies midway leaves the event for the next pass. This
/// runs in the worker rather than in the announcing transaction so that use cases stay as fast as
/// they were and the rules of who hears what live in this one place.
/// </summary>
public sealed class WriteEmails(AppDbContext db, IOptions<NotificationOptions> options, TimeProvider time)
{
    public const int BatchSize = 50;

    private sealed record Recipient(Guid? UserId, string Address, string? Language);

    public async Task<int> RunAsync(int batchSize = BatchSize, CancellationToken ct = default)
    {
        var due = await db.OutboundEvents.AsNoTracking()
            .Where(e => e.MailedAt == null)
            .OrderBy(e => e.CreatedAt)
            .Select(e => e.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        var written = 0;
        foreach (var id in due)
        {
            var now = time.GetUtcNow();
            await using var tx = await db.BeginWriteTransactionAsync(ct);
            var claimed = await db.OutboundEvents.Where(e => e.Id == id && e.MailedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.MailedAt, now), ct);
            if (claimed == 0)
                continue;
            var e = await db.OutboundEvents.AsNoTracking().SingleAsync(x => x.Id == id, ct);
            var messages = await ComposeAsync(e, now, ct);
            db.EmailMessages.AddRange(messages);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            written += messages.Count;
        }
        return written;
    }

    private async Task<List<EmailMessage>> ComposeAsync(OutboundEvent e, DateTimeOffset now, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(e.Data);
        var data = json.RootElement;
        var o = options.Value;
        var portal = o.PortalUrl.TrimEnd('/');
        var request = e.ServiceRequestId is { } requestId
            ? await db.ServiceRequests.AsNoTracking().Where(r => r.Id == requestId)
                .Select(r => new { r.CreatedByUserId, r.AssignedToUserId }).SingleOrDefaultAsync(ct)
            : null;
        var title = Text(data, "serviceRequest", "title");
        var requestLink = $"{portal}/requests/{e.ServiceRequestId}";

        // The partner side of a request is its creator: for a CSP customer's request that is the
        // admin agent who opened it, so the customer's admin agent is covered too.
        (string Name, object[] Args, string? Quote, string Link, List<Recipient> To)? mail = e.EventType switch
        {
            EventTypes.ServiceRequestCreated when request is not null =>
                ("Created", [title], null, requestLink, await UsersAsync([request.CreatedByUserId], ct)),
            EventTypes.ServiceRequestMessage when request is not null && Text(data, "message", "side") == "staff" =>
                ("StaffMessage", [title, Text(data, "message", "author")], Text(data, "message", "text"), requestLink,
                    await UsersAsync([request.CreatedByUserId], ct)),
            EventTypes.ServiceRequestMessage when request is not null =>
                ("PartnerMessage", [title, Text(data, "message", "author")], Text(data, "message", "text"), requestLink,
                    await StaffAsync(request.AssignedToUserId, ct)),
            Announcements.AttachmentAdded when request is not null =>
                ("Attachment", [title, await NameAsync(e.ActorUserId, ct), Text(data, "change", "attachment", "fileName")], null, requestLink,
                    await StaffAsync(request.AssignedToUserId, ct)),
            EventTypes.ServiceRequestUpdated when request is not null
                && Text(data, "change", "field") == "status" && Text(data, "change", "to") == "attention_needed" =>
                ("AttentionNeeded", [title], null, requestLink, await UsersAsync([request.CreatedByUserId], ct)),
            EventTypes.ServiceRequestClosed when request is not null =>
                ("Closed", [title], null, requestLink, await UsersAsync([request.CreatedByUserId], ct)),
            EventTypes.ServiceRequestReopened when request is not null =>
                ("Reopened", [title], null, requestLink, await UsersAsync([request.CreatedByUserId], ct)),
            EventTypes.AlertRaised when e.OrganizationId is { } org =>
                (Text(data, "kind") == "lowBalance" ? "LowBalance" : "EndingSoon",
                    [Text(data, "contractName"), Text(data, "kind") == "lowBalance" ? Text(data, "remainingIncidents") : Text(data, "endDate")],
                    null, $"{portal}/alerts", await AdminsAsync(org, ct)),
            EventTypes.ActivationCompleted or EventTypes.ActivationRejected
                when Guid.TryParse(Text(data, "activation", "requestedByUserId"), out var requester) =>
                (e.EventType == EventTypes.ActivationCompleted ? "ActivationCompleted" : "ActivationRejected",
                    [await BenefitNameAsync(Text(data, "activation", "benefitId"), ct), Text(data, "activation", "rejectionReason")],
                    null, $"{portal}/benefits", await UsersAsync([requester], ct)),
            _ => null,
        };
        if (mail is not { } m)
            return [];

        var result = new List<EmailMessage>();
        foreach (var to in m.To.DistinctBy(r => r.Address, StringComparer.OrdinalIgnoreCase))
        {
            var culture = MailTemplates.Culture(to.Language);
            var args = m.Args.Select(a => a is string s && m.Name == "EndingSoon" && DateOnly.TryParse(s, CultureInfo.InvariantCulture, out var d)
                ? d.ToString("D", culture) : a).ToArray();
            var content = MailTemplates.Compose(m.Name, culture, args, m.Quote, m.Link,
                to.UserId is null ? null : $"{portal}/profile");
            result.Add(new EmailMessage
            {
                Id = Guid.CreateVersion7(),
                EventId = e.Id,
                EventType = e.EventType,
                RecipientUserId = to.UserId,
                RecipientAddress = to.Address,
                Language = culture.Name,
                Subject = content.Subject,
                TextBody = content.Text,
                HtmlBody = content.Html,
                Status = EmailStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }
        return result;
    }

    /// <summary>The accounts that still want notification mail; an opted-out one gets none.</summary>
    private async Task<List<Recipient>> UsersAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        (await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && !u.EmailNotificationsOff && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.Language })
            .ToListAsync(ct))
        .Select(u => new Recipient(u.Id, u.Email!, u.Language)).ToList();

    /// <summary>The engineer on the request, or the staff inbox while nobody is.</summary>
    private async Task<List<Recipient>> StaffAsync(Guid? assignee, CancellationToken ct) =>
        assignee is { } id
            ? await UsersAsync([id], ct)
            : string.IsNullOrWhiteSpace(options.Value.StaffInbox) ? [] : [new Recipient(null, options.Value.StaffInbox.Trim(), null)];

    private async Task<List<Recipient>> AdminsAsync(Guid organizationId, CancellationToken ct)
    {
        var admins = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && (u.Roles & (Roles.GlobalAdmin | Roles.MpnPartnerAdmin)) != 0)
            .Select(u => u.Id)
            .ToListAsync(ct);
        return await UsersAsync(admins, ct);
    }

    private async Task<string> NameAsync(Guid? userId, CancellationToken ct) =>
        userId is { } id ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? "" : "";

    private async Task<string> BenefitNameAsync(string benefitId, CancellationToken ct) =>
        Guid.TryParse(benefitId, out var id)
            ? await db.Benefits.AsNoTracking().Where(b => b.Id == id).Select(b => b.Name).SingleOrDefaultAsync(ct) ?? ""
            : "";

    /// <summary>A value of the event's data as text ("" when absent), whatever its JSON kind.</summary>
    private static string Text(JsonElement data, params string[] path)
    {
        var at = data;
        foreach (var name in path)
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(name, out at))
                return "";
        }
        return at.ValueKind switch
        {
            JsonValueKind.String => at.GetString() ?? "",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => at.GetRawText(),
        };
    }
}
