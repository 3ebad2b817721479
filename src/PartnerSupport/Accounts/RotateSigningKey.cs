using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>
/// Makes sure the newest token signing key is not due for rotation, adding the next key when it
/// is (and the first one on a new database), and returns every key, oldest first. Nodes that
/// find the key due at the same moment add one key between them: on PostgreSQL they queue on
/// an advisory lock, on SQLite on the database's write lock, and whoever comes second finds the
/// key the first one added. The primary key on the generation is the backstop.
/// </summary>
public sealed class RotateSigningKey(AppDbContext db, TimeProvider time)
{
    // Any constant will do, as long as every node of one installation uses the same one.
    private const long PostgresLock = 88245786052435;

    public async Task<IReadOnlyList<SigningKey>> RunAsync(TimeSpan rotation, CancellationToken ct = default)
    {
        var keys = await AllAsync(ct);
        if (keys.Count > 0 && !keys[^1].IsDue(time.GetUtcNow(), rotation))
            return keys;

        await using (var tx = await db.BeginWriteTransactionAsync(ct))
        {
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresLock})", ct);
            var newest = await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.Generation).FirstOrDefaultAsync(ct);
            var now = time.GetUtcNow();
            if (newest is null || newest.IsDue(now, rotation))
            {
                db.SigningKeys.Add(SigningKey.After(newest, now));
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        return await AllAsync(ct);
    }

    private async Task<IReadOnlyList<SigningKey>> AllAsync(CancellationToken ct) =>
        await db.SigningKeys.AsNoTracking().OrderBy(k => k.Generation).ToListAsync(ct);
}
