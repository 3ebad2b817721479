using Microsoft.Extensions.Options;
using PartnerSupport.Accounts;
using PartnerSupport.Contracts;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Workers;

/// <summary>Records contract expiries in the ledger, forgets idempotency keys past retention and retired token signing keys.</summary>
public sealed class MaintenanceWorker(IServiceScopeFactory scopes, IOptions<MaintenanceOptions> options, TimeProvider time, ILogger<MaintenanceWorker> logger)
    : PeriodicWorker(scopes, time, logger)
{
    protected override TimeSpan Interval { get; } = options.Value.Interval;

    protected override async Task<string?> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var expired = await services.GetRequiredService<RecordExpiries>().RunAsync(ct: ct);
        await services.GetRequiredService<PurgeIdempotencyKeys>().RunAsync(ct);
        await services.GetRequiredService<PurgeSigningKeys>().RunAsync(services.GetRequiredService<IOptions<AuthOptions>>().Value.TokenLifetime, ct);
        return expired > 0 ? $"recorded the expiry of {expired} contract(s)" : null;
    }
}
