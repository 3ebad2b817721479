using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>Forgets the token signing keys that no valid token can carry any more (see <see cref="SigningKey.RetirementCutoff"/>).</summary>
public sealed class PurgeSigningKeys(AppDbContext db, TimeProvider time)
{
    public async Task<int> RunAsync(TimeSpan tokenLifetime, CancellationToken ct = default)
    {
        var cutoff = SigningKey.RetirementCutoff(time.GetUtcNow(), tokenLifetime);
        var newestBeforeCutoff = await db.SigningKeys.Where(k => k.CreatedAt <= cutoff).MaxAsync(k => (int?)k.Generation, ct);
        if (newestBeforeCutoff is not { } generation)
            return 0;
        return await db.SigningKeys.Where(k => k.Generation < generation).ExecuteDeleteAsync(ct);
    }
}
