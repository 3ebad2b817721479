using Microsoft.Extensions.Options;
using PartnerSupport.Entitlements;

namespace PartnerSupport.Web.Workers;

/// <summary>Completes activations once their processing delay has passed.</summary>
public sealed class ActivationWorker(IServiceScopeFactory scopes, IOptions<ActivationOptions> options, TimeProvider time, ILogger<ActivationWorker> logger)
    : PeriodicWorker(scopes, time, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override async Task<string?> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var completed = await services.GetRequiredService<ProcessDueActivations>().RunAsync(ct: ct);
        return completed > 0 ? $"completed {completed} activation(s)" : null;
    }
}
