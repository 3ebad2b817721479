using Microsoft.Extensions.Options;
using PartnerSupport.Entitlements;

namespace PartnerSupport.Web.Workers;

/// <summary>Completes activations once their processing delay has passed.</summary>
public sealed class ActivationWorker(IServiceScopeFactory scopes, IOptions<ActivationOptions> options, TimeProvider time, ILogger<ActivationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var completed = await scope.ServiceProvider.GetRequiredService<ProcessDueActivations>().RunAsync(ct: stoppingToken);
                if (completed > 0)
                    logger.LogInformation("Completed {Count} activation(s)", completed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database hiccup must not stop the worker for good; the next pass retries.
                logger.LogError(ex, "Activation pass failed");
            }
            await Task.Delay(options.Value.PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
