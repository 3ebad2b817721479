using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Entitlements;

/// <summary>The worker's pass: completes every activation whose processing delay has passed.</summary>
public sealed class ProcessDueActivations(AppDbContext db, CompleteActivation complete, TimeProvider time)
{
    public async Task<int> RunAsync(int batchSize = 50, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var due = await db.Activations.AsNoTracking()
            .Where(a => a.Status == ActivationStatus.Pending && !a.RequiresApproval && a.ProcessAfter <= now)
            .OrderBy(a => a.ProcessAfter)
            .Select(a => a.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        var completed = 0;
        foreach (var id in due)
        {
            // Another node may have taken it first; the loser's conditional update changes nothing.
            if ((await complete.RunAsync(Caller.System, id, ct)).IsSuccess)
                completed++;
            db.ChangeTracker.Clear();
        }
        return completed;
    }
}
