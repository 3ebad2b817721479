using Microsoft.Extensions.Options;
using PartnerSupport.Alerts;
using PartnerSupport.Webhooks;

namespace PartnerSupport.Web.Workers;

/// <summary>
/// Fans outbound events out to the subscriptions, then delivers the webhook outbox; every node
/// runs it, each event and each delivery is claimed by one.
/// </summary>
public sealed class WebhookWorker(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookWorker> logger)
    : PeriodicWorker(scopes, time, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.Url) && string.IsNullOrEmpty(options.Value.Secret))
            logger.LogError("Webhooks:Url is set but Webhooks:Secret is not: nothing is sent until it is, since receivers could not verify the messages");
        return base.StartAsync(cancellationToken);
    }

    protected override async Task<string?> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        // A full batch means more may be waiting: go on without sleeping.
        int fanned, events = 0;
        do
        {
            fanned = await services.GetRequiredService<FanOutWebhookEvents>().RunAsync(ct: ct);
            events += fanned;
        }
        while (fanned >= FanOutWebhookEvents.BatchSize && !ct.IsCancellationRequested);
        int delivered, total = 0;
        do
        {
            delivered = await services.GetRequiredService<DeliverWebhooks>().RunAsync(ct: ct);
            total += delivered;
        }
        while (delivered >= DeliverWebhooks.BatchSize && !ct.IsCancellationRequested);
        return total > 0 || events > 0 ? $"fanned out {events} event(s), delivered {total} webhook message(s)" : null;
    }
}
