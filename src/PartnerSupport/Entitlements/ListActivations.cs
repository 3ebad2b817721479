using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Entitlements;

public sealed class ListActivations(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<Activation>>> RunAsync(Caller caller, string? status, CancellationToken ct = default)
    {
        if (!caller.IsOperator)
            return Error.Forbidden();
        var query = db.Activations.AsNoTracking();
        if (status is not null)
        {
            if (!Enum.TryParse<ActivationStatus>(status, ignoreCase: true, out var parsed) || !status.All(char.IsLetter))
                return Error.Validation("status", "must be pending, completed or rejected");
            query = query.Where(a => a.Status == parsed);
        }
        return await query.OrderBy(a => a.RequestedAt).Take(500).ToListAsync(ct);
    }
}
