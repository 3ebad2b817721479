using PartnerSupport.Contracts;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Workers;

/// <summary>Records contract expiries in the ledger and forgets idempotency keys past retention.</summary>
public sealed class MaintenanceWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<MaintenanceWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Maintenance:Interval", TimeSpan.FromMinutes(1));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var expired = await scope.ServiceProvider.GetRequiredService<RecordExpiries>().RunAsync(ct: stoppingToken);
                if (expired > 0)
                    logger.LogInformation("Recorded the expiry of {Count} contract(s)", expired);
                await scope.ServiceProvider.GetRequiredService<PurgeIdempotencyKeys>().RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Maintenance pass failed");
            }
            await Task.Delay(interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
