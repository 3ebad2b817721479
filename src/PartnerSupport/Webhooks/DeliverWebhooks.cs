using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerSupport.Alerts;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Webhooks;

/// <summary>
/// The worker's pass over the webhook outbox: deliveries to subscriptions, and alerts to the
/// configured <c>Webhooks:Url</c>. Each due message is claimed by a conditional UPDATE
/// that sets a lease (LockedUntil, LockToken): of several nodes only one wins the row, and a node
/// that dies mid-send loses it when the lease lapses. A failure waits twice as long each time and
/// is given up after <see cref="WebhookOptions.MaxAttempts"/>.
/// </summary>
public sealed class DeliverWebhooks(
    AppDbContext db, IHttpClientFactory httpClients, IOptions<WebhookOptions> options, WebhookSecrets secrets, TimeProvider time,
    PartnerSupportMetrics metrics, ILogger<DeliverWebhooks> logger)
{
    public const string HttpClientName = "webhooks";
    public const string SignatureHeader = "X-PartnerSupport-Signature";
    public const string IdHeader = "X-PartnerSupport-Id";
    public const string TimestampHeader = "X-PartnerSupport-Timestamp";
    public const string EventHeader = "X-PartnerSupport-Event";
    public const int BatchSize = 20;

    public async Task<int> RunAsync(int batchSize = BatchSize, CancellationToken ct = default)
    {
        var o = options.Value;
        // The configured URL's messages wait while it lacks a URL or secret; subscriptions carry their own.
        var configured = o.IsConfigured;
        var now = time.GetUtcNow();
        var due = await db.WebhookMessages.AsNoTracking()
            .Where(m => m.Status == WebhookStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil <= now))
            .Where(m => configured || m.SubscriptionId != null)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        var delivered = 0;
        foreach (var id in due)
        {
            if (await DeliverAsync(id, o, ct))
                delivered++;
        }
        return delivered;
    }

    private async Task<bool> DeliverAsync(Guid id, WebhookOptions o, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var token = Guid.NewGuid();
        // The lease outlives the HTTP timeout, so it only lapses when its holder is gone.
        var claimed = await db.WebhookMessages
            .Where(m => m.Id == id && m.Status == WebhookStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LockedUntil, now + o.Timeout + TimeSpan.FromMinutes(1))
                .SetProperty(m => m.LockToken, token), ct);
        if (claimed == 0)
            return false;
        var message = await db.WebhookMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);

        string? failure;
        int? statusCode = null;
        try
        {
            (statusCode, failure) = await SendAsync(message, o, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Refused connection, timeout, a forbidden address, or a URL that cannot be used: all
            // count as an attempt, so a broken receiver ends in "failed" instead of retrying for ever.
            failure = Describe(ex);
        }

        var after = time.GetUtcNow();
        var attempts = message.Attempts + 1;
        var mine = db.WebhookMessages.Where(m => m.Id == id && m.LockToken == token);
        if (failure is null)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, WebhookStatus.Delivered)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.DeliveredAt, after)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.LastStatusCode, statusCode)
                .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LockToken, (Guid?)null), CancellationToken.None);
            metrics.WebhooksDelivered.Add(1, new KeyValuePair<string, object?>("event", message.EventType));
            metrics.WebhookQueueAge.Record((after - message.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("event", message.EventType));
            return true;
        }

        var giveUp = attempts >= o.MaxAttempts;
        var next = after + Backoff(attempts, o);
        if (failure.Length > 1000)
            failure = failure[..1000];
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, giveUp ? WebhookStatus.Failed : WebhookStatus.Pending)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.LastError, failure)
            .SetProperty(m => m.LastStatusCode, statusCode)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(m => m.LockToken, (Guid?)null), CancellationToken.None);
        metrics.WebhooksFailed.Add(1, new KeyValuePair<string, object?>("final", giveUp), new KeyValuePair<string, object?>("event", message.EventType));
        logger.LogWarning("Webhook {Id} attempt {Attempt} failed: {Failure}{Outcome}", id, attempts, failure,
            giveUp ? "; given up" : $"; next attempt at {next:O}");
        return false;
    }

    /// <summary>The receiver's status, and null when it accepted (2xx), otherwise why not.</summary>
    private async Task<(int? Status, string? Failure)> SendAsync(WebhookMessage message, WebhookOptions o, CancellationToken ct)
    {
        string url, secret, client;
        if (message.SubscriptionId is { } subscriptionId)
        {
            var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscriptionId, ct);
            if (subscription is null)
                return (null, "the subscription was deleted");
            url = subscription.Url;
            secret = secrets.Unprotect(subscription.ProtectedSecret);
            // The guarded client checks the address at every connection (WebhookAddressPolicy).
            client = WebhookAddressPolicy.HttpClientName;
            if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !o.AllowHttp)
                return (null, "the URL is not https and Webhooks:AllowHttp is off");
        }
        else
        {
            // The configured URL is the operator's own choice, often inside their network: not guarded.
            url = o.Url!;
            secret = o.Secret!;
            client = HttpClientName;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.Timeout);
        var body = Encoding.UTF8.GetBytes(message.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(secret, body));
        request.Headers.Add(IdHeader, message.Id.ToString());
        request.Headers.Add(EventHeader, message.EventType);
        request.Headers.Add(TimestampHeader, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        using var response = await httpClients.CreateClient(client).SendAsync(request, timeout.Token);
        var status = (int)response.StatusCode;
        return (status, response.IsSuccessStatusCode ? null : $"HTTP {status}");
    }

    /// <summary>The innermost useful reason: a refused address says so rather than "an error occurred while sending".</summary>
    private static string Describe(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is WebhookAddressRefusedException refused)
                return "address not allowed: " + refused.Message;
        }
        return ex is TaskCanceledException ? "timed out" : ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>InitialBackoff after the first failure, doubled after each further one, capped.</summary>
    public static TimeSpan Backoff(int attempts, WebhookOptions o)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(o.InitialBackoff.Ticks * factor, o.MaxBackoff.Ticks));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
