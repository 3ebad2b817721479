using PartnerSupport.Contracts;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Workers;

/// <summary>Records contract expiries in the ledger and forgets idempotency keys past retention.</summary>
public sealed class MaintenanceWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<MaintenanceWorker> logger)
    : PeriodicWorker(scopes, time, logger)
{
    protected override TimeSpan Interval { get; } = configuration.GetValue("Maintenance:Interval", TimeSpan.FromMinutes(1));

    protected override async Task<string?> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var expired = await services.GetRequiredService<RecordExpiries>().RunAsync(ct: ct);
        await services.GetRequiredService<PurgeIdempotencyKeys>().RunAsync(ct);
        return expired > 0 ? $"recorded the expiry of {expired} contract(s)" : null;
    }
}
