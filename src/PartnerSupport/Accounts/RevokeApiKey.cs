using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>
/// Revokes a key. Keys are looked up in the database on every request (never cached), so every
/// node refuses it from the next request on.
/// </summary>
public sealed class RevokeApiKey(AppDbContext db, TimeProvider time)
{
    public async Task<Result<ApiKey>> RunAsync(Caller caller, Guid organizationId, Guid keyId, CancellationToken ct = default)
    {
        if (await OrganizationAdministration.RefuseAsync(db, caller, organizationId, ct) is { } refused)
            return refused;
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.OrganizationId == organizationId && k.RevokedAt == null, ct);
        if (key is null)
            return Error.NotFound(ErrorCodes.ApiKeyNotFound, "ApiKeyNotFound");
        var now = time.GetUtcNow();
        key.RevokedAt = now;
        await db.Users.Where(u => u.Id == key.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true), ct);
        db.Audit(caller, now, "apikey.revoke", key.Prefix, key.Name);
        await db.SaveChangesAsync(ct);
        return key;
    }
}
