using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Notifications;

/// <summary>
/// The worker's pass over the e-mail outbox, as the webhook outbox does it: each due message is
/// claimed by a conditional UPDATE that sets a lease (LockedUntil, LockToken), so of several
/// nodes only one sends it, and a node that dies mid-send loses it when the lease lapses. A
/// failure waits twice as long each time and is given up after
/// <see cref="NotificationOptions.MaxAttempts"/>. Without <c>Smtp:Host</c> nothing is sent and the
/// messages wait. Log lines name messages by id, never by address.
/// </summary>
public sealed class SendEmails(
    AppDbContext db, SmtpSender sender, MailSeal seal, IOptions<SmtpOptions> smtp, IOptions<NotificationOptions> options, TimeProvider time,
    PartnerSupportMetrics metrics, ILogger<SendEmails> logger)
{
    public const int BatchSize = 20;

    public async Task<int> RunAsync(int batchSize = BatchSize, CancellationToken ct = default)
    {
        if (!sender.IsConfigured)
            return 0;
        var now = time.GetUtcNow();
        var due = await db.EmailMessages.AsNoTracking()
            .Where(m => m.Status == EmailStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil <= now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            if (await SendAsync(id, ct))
                sent++;
        }
        return sent;
    }

    private async Task<bool> SendAsync(Guid id, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var token = Guid.NewGuid();
        // The lease outlives the SMTP timeout, so it only lapses when its holder is gone.
        var claimed = await db.EmailMessages
            .Where(m => m.Id == id && m.Status == EmailStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LockedUntil, now + smtp.Value.Timeout + TimeSpan.FromMinutes(1))
                .SetProperty(m => m.LockToken, token), ct);
        if (claimed == 0)
            return false;
        var message = await db.EmailMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);

        string? failure = null;
        try
        {
            var (text, html) = message.Sealed ? (seal.Open(message.TextBody), seal.Open(message.HtmlBody)) : (message.TextBody, message.HtmlBody);
            await sender.SendAsync(message.RecipientAddress, message.Subject, text, html, message.Id, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A refused connection, a timeout or a rejected recipient all count as an attempt, so
            // a broken configuration ends in "failed" instead of retrying for ever.
            failure = ex.Message;
        }

        var after = time.GetUtcNow();
        var attempts = message.Attempts + 1;
        var mine = db.EmailMessages.Where(m => m.Id == id && m.LockToken == token);
        // A sealed message's link is spent with the mail: nothing of it stays in the outbox.
        var blank = message.Sealed && (failure is null || attempts >= o.MaxAttempts);
        if (failure is null)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.TextBody, m => blank ? "" : m.TextBody)
                .SetProperty(m => m.HtmlBody, m => blank ? "" : m.HtmlBody)
                .SetProperty(m => m.Status, EmailStatus.Sent)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.SentAt, after)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LockToken, (Guid?)null), CancellationToken.None);
            metrics.EmailsSent.Add(1, new KeyValuePair<string, object?>("event", message.EventType));
            metrics.EmailQueueAge.Record((after - message.CreatedAt).TotalSeconds);
            return true;
        }

        var giveUp = attempts >= o.MaxAttempts;
        var next = after + o.Backoff(attempts);
        // The server's own words may quote the address; the recipient's part is not kept.
        failure = failure.Replace(message.RecipientAddress, "<recipient>", StringComparison.OrdinalIgnoreCase);
        if (failure.Length > 1000)
            failure = failure[..1000];
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.TextBody, m => blank ? "" : m.TextBody)
            .SetProperty(m => m.HtmlBody, m => blank ? "" : m.HtmlBody)
            .SetProperty(m => m.Status, giveUp ? EmailStatus.Failed : EmailStatus.Pending)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.LastError, failure)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(m => m.LockToken, (Guid?)null), CancellationToken.None);
        metrics.EmailsFailed.Add(1, new KeyValuePair<string, object?>("final", giveUp));
        logger.LogWarning("E-mail {Id} ({Event}) attempt {Attempt} failed: {Failure}{Outcome}", id, message.EventType, attempts, failure,
            giveUp ? "; given up" : $"; next attempt at {next:O}");
        return false;
    }
}
