using Microsoft.Extensions.Options;
using PartnerSupport.Notifications;

namespace PartnerSupport.Web.Workers;

/// <summary>
/// Writes each outbound event's e-mail, then sends the outbox; every node runs it, each event
/// and each message is claimed by one.
/// </summary>
public sealed class EmailWorker(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, IOptions<SmtpOptions> smtp, TimeProvider time, ILogger<EmailWorker> logger)
    : PeriodicWorker(scopes, time, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!smtp.Value.IsConfigured)
            logger.LogWarning("Smtp:Host is not set: e-mail waits in the outbox until it is");
        return base.StartAsync(cancellationToken);
    }

    protected override async Task<string?> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        // A full batch means more may be waiting: go on without sleeping.
        int written, sent, totalWritten = 0, totalSent = 0;
        do
        {
            written = await services.GetRequiredService<WriteEmails>().RunAsync(ct: ct);
            totalWritten += written;
        }
        while (written >= WriteEmails.BatchSize && !ct.IsCancellationRequested);
        do
        {
            sent = await services.GetRequiredService<SendEmails>().RunAsync(ct: ct);
            totalSent += sent;
        }
        while (sent >= SendEmails.BatchSize && !ct.IsCancellationRequested);
        return totalWritten + totalSent > 0 ? $"wrote {totalWritten}, sent {totalSent} e-mail message(s)" : null;
    }
}
