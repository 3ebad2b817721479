using Microsoft.Extensions.Options;
using PartnerSupport.Alerts;

namespace PartnerSupport.Web.Workers;

/// <summary>Delivers the webhook outbox; every node runs it, each message is claimed by one.</summary>
public sealed class WebhookWorker(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.Url) && string.IsNullOrEmpty(options.Value.Secret))
            logger.LogError("Webhooks:Url is set but Webhooks:Secret is not: nothing is sent until it is, since receivers could not verify the messages");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // A full batch means more may be waiting: go on without sleeping.
                int delivered;
                do
                    delivered = await scope.ServiceProvider.GetRequiredService<DeliverWebhooks>().RunAsync(ct: stoppingToken);
                while (delivered >= DeliverWebhooks.BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Webhook pass failed");
            }
            await Task.Delay(options.Value.PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
