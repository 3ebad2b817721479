namespace PartnerSupport.Web.Workers;

/// <summary>
/// A background pass repeated at an interval, each in a scope of its own. A failed pass (the
/// database restarting, a network hiccup) is logged and retried at the next interval instead of
/// stopping the worker for good. The wait runs on the injected clock, so tests can move it.
/// </summary>
public abstract class PeriodicWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass; what it did, for the log, or null when there is nothing to say.</summary>
    protected abstract Task<string?> RunOnceAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await RunOnceAsync(scope.ServiceProvider, stoppingToken) is { } done)
                    logger.LogInformation("{Worker}: {Done}", GetType().Name, done);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{Worker}: pass failed", GetType().Name);
            }
            await Task.Delay(Interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
