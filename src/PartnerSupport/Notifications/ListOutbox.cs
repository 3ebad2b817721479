using Microsoft.EntityFrameworkCore;
using PartnerSupport.Alerts;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Notifications;

public sealed record OutboxItem(
    Guid Id, string Kind, string Event, string? Recipient, string Status, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

/// <summary>
/// Operators look into both outboxes, e-mail and webhook: what waits, what went, what was given
/// up and why. Newest first, at most <see cref="Limit"/>.
/// </summary>
public sealed class ListOutbox(AppDbContext db)
{
    public const int Limit = 500;

    public async Task<Result<IReadOnlyList<OutboxItem>>> RunAsync(Caller caller, string? kind, string? status, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var v = new Validator();
        v.Check(kind is null or "email" or "webhook", "kind", "must be email or webhook");
        v.Check(status is null or "pending" or "sent" or "failed", "status", "must be pending, sent or failed");
        if (!v.IsValid)
            return v.ToError();

        var items = new List<OutboxItem>();
        if (kind is null or "email")
        {
            var emails = db.EmailMessages.AsNoTracking();
            if (status is not null)
            {
                var s = status == "pending" ? EmailStatus.Pending : status == "sent" ? EmailStatus.Sent : EmailStatus.Failed;
                emails = emails.Where(m => m.Status == s);
            }
            var rows = await emails.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(Limit).ToListAsync(ct);
            items.AddRange(rows.Select(m => new OutboxItem(m.Id, "email", m.EventType, m.RecipientAddress, Name(m.Status),
                m.Attempts, m.LastError, m.CreatedAt, m.SentAt)));
        }
        if (kind is null or "webhook")
        {
            var hooks = db.WebhookMessages.AsNoTracking();
            if (status is not null)
            {
                var s = status == "pending" ? WebhookStatus.Pending : status == "sent" ? WebhookStatus.Delivered : WebhookStatus.Failed;
                hooks = hooks.Where(m => m.Status == s);
            }
            var rows = await hooks.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(Limit).ToListAsync(ct);
            items.AddRange(rows.Select(m => new OutboxItem(m.Id, "webhook", m.EventType, null,
                m.Status == WebhookStatus.Delivered ? "sent" : m.Status == WebhookStatus.Failed ? "failed" : "pending",
                m.Attempts, m.LastError, m.CreatedAt, m.DeliveredAt)));
        }
        return items.OrderByDescending(i => i.CreatedAt).Take(Limit).ToList();
    }

    private static string Name(EmailStatus status) => status switch
    {
        EmailStatus.Sent => "sent",
        EmailStatus.Failed => "failed",
        _ => "pending",
    };
}
