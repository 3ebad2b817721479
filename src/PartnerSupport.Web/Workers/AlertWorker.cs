using Microsoft.Extensions.Options;
using PartnerSupport.Alerts;

namespace PartnerSupport.Web.Workers;

/// <summary>Raises the alerts contracts call for; every node runs it, the unique index keeps each alert single.</summary>
public sealed class AlertWorker(IServiceScopeFactory scopes, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var raised = await scope.ServiceProvider.GetRequiredService<RaiseAlerts>().RunAsync(ct: stoppingToken);
                if (raised > 0)
                    logger.LogInformation("Raised {Count} alert(s)", raised);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Alert pass failed");
            }
            await Task.Delay(options.Value.Interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
