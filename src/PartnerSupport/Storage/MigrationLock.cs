using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PartnerSupport.Storage;

/// <summary>
/// Held around everything <see cref="SchemaMigrator"/> does, so that of several nodes starting at
/// once one migrates and the others wait, then find nothing left to do. Both kinds are released by
/// the operating system or the database when their holder dies, so a node killed while migrating
/// never leaves a lock behind. The context's connection stays open while it is held.
/// </summary>
public sealed class MigrationLock : IAsyncDisposable
{
    // Any constant will do: it only has to be the same for every node of one installation.
    private const long PostgresLockKey = 88245786052434;
    private static readonly TimeSpan SqliteRetry = TimeSpan.FromMilliseconds(100);

    private readonly AppDbContext _db;
    private readonly FileStream? _file;

    private MigrationLock(AppDbContext db, FileStream? file)
    {
        _db = db;
        _file = file;
    }

    /// <summary>For SQLite: beside the database file, one per database.</summary>
    public static string? SqliteLockFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
            return null;
        return Path.GetFullPath(builder.DataSource) + ".migrations-lock";
    }

    public static async Task<MigrationLock> AcquireAsync(AppDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                // Session-level: held across the migrations' own transactions, gone with the session.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({PostgresLockKey})", ct);
            }
            catch
            {
                await db.Database.CloseConnectionAsync();
                throw;
            }
            return new MigrationLock(db, null);
        }

        // SQLite has no lock that outlives a transaction, and EF applies each migration in a
        // transaction of its own: an exclusive lock on a file beside the database covers them all.
        var file = SqliteLockFile(db.Database.GetConnectionString()!) is { } path ? await LockFileAsync(path, ct) : null;
        try
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        catch
        {
            if (file is not null)
                await file.DisposeAsync();
            throw;
        }
        return new MigrationLock(db, file);
    }

    private static async Task<FileStream> LockFileAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix and a share lock on Windows: both
                // exclude every other open of the file, in this process or another.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                await Task.Delay(SqliteRetry, ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_db.Database.IsNpgsql())
                await _db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None);
        }
        finally
        {
            await _db.Database.CloseConnectionAsync();
            if (_file is not null)
                await _file.DisposeAsync();
        }
    }
}
