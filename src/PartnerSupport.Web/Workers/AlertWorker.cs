using Microsoft.Extensions.Options;
using PartnerSupport.Alerts;

namespace PartnerSupport.Web.Workers;

/// <summary>Raises the alerts contracts call for; every node runs it, the unique index keeps each alert single.</summary>
public sealed class AlertWorker(IServiceScopeFactory scopes, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertWorker> logger)
    : PeriodicWorker(scopes, time, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override async Task<string?> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var raised = await services.GetRequiredService<RaiseAlerts>().RunAsync(ct: ct);
        return raised > 0 ? $"raised {raised} alert(s)" : null;
    }
}
