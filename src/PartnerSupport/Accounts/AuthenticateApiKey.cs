using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>
/// The caller an API key stands for, read from the database on each request so that revocation
/// holds at once on every node. The last-used time is written at most once a minute per key.
/// </summary>
public sealed class AuthenticateApiKey(AppDbContext db, TimeProvider time)
{
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public async Task<Caller?> RunAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(CreateApiKey.KeyPrefix, StringComparison.Ordinal) || secret.Length > 200)
            return null;
        var hash = CreateApiKey.HashOf(secret);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash, ct);
        var now = time.GetUtcNow();
        if (key is null || !key.IsUsableAt(now))
            return null;
        if (key.LastUsedAt is null || now - key.LastUsedAt >= LastUsedPrecision)
        {
            var stale = now - LastUsedPrecision;
            // Conditional, so that nodes racing on the same minute write once between them.
            await db.ApiKeys.Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }
        return new Caller(key.UserId, CreateApiKey.ActorFor(key), key.Name, key.OrganizationId, key.Roles) { ApiKeyId = key.Id };
    }
}
