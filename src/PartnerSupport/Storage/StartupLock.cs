using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PartnerSupport.Storage;

/// <summary>
/// Lets one node at a time through a start-up step, across every process of one installation.
/// On PostgreSQL an advisory lock held by the context's connection. On SQLite, whose processes
/// all run on one machine, an exclusive lock on a file beside the database: SQLite's own write
/// lock cannot be held while the step writes through another connection.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    // A key of its own, apart from the schema migration's lock, so that either can change alone.
    private const long PostgresLock = 88245786052436;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly AppDbContext? _postgres;
    private readonly FileStream? _file;

    private StartupLock(AppDbContext? postgres, FileStream? file)
    {
        _postgres = postgres;
        _file = file;
    }

    public static async Task<StartupLock> AcquireAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({PostgresLock})", ct);
            }
            catch
            {
                await db.Database.CloseConnectionAsync();
                throw;
            }
            return new StartupLock(db, null);
        }

        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
            return new StartupLock(null, null);
        var path = Path.GetFullPath(builder.DataSource) + "-startup.lock";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix: the other processes' opens fail until it is closed.
                return new StartupLock(null, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (waited.Elapsed < Patience)
            {
                await Task.Delay(50, ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            try
            {
                await _postgres.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({PostgresLock})", CancellationToken.None);
            }
            finally
            {
                await _postgres.Database.CloseConnectionAsync();
            }
        }
        if (_file is not null)
            await _file.DisposeAsync();
    }
}
