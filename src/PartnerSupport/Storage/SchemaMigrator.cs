using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace PartnerSupport.Storage;

/// <summary>
/// Applies the versioned SQL scripts under Storage/Migrations/{provider} in order, each in its
/// own transaction together with its row in __schema_versions. The scripts are written by hand
/// (the EF design-time tooling is not available); a test proves that applying them all yields
/// exactly the schema of the EF model.
/// </summary>
public sealed class SchemaMigrator(AppDbContext db, TimeProvider time, ILogger<SchemaMigrator> logger)
{
    // Any constant will do: it only has to be the same for every node of one installation.
    private const string PostgresLock = "SELECT pg_advisory_lock(88245786052434)";
    private const string PostgresUnlock = "SELECT pg_advisory_unlock(88245786052434)";

    public static IReadOnlyList<(string Version, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"PartnerSupport.Storage.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..^".sql".Length], Read(assembly, n)))
            .ToList();
    }

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var provider = db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var applied = new List<string>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Several nodes may start at once: one migrates, the others wait on the lock and then
            // find every version applied. The lock covers creating the version table too.
            // (SQLite's BEGIN IMMEDIATE already serializes writers.)
            if (provider == DatabaseProvider.Postgres)
                await db.Database.ExecuteSqlRawAsync(PostgresLock, ct);
            await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Postgres
                ? "CREATE TABLE IF NOT EXISTS \"__schema_versions\" (\"Version\" text PRIMARY KEY, \"AppliedAt\" text NOT NULL)"
                : "CREATE TABLE IF NOT EXISTS \"__schema_versions\" (\"Version\" TEXT NOT NULL PRIMARY KEY, \"AppliedAt\" TEXT NOT NULL)", ct);

            foreach (var (version, sql) in Scripts(provider))
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var done = await db.Database
                    .SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM \"__schema_versions\" WHERE \"Version\" = {version}")
                    .SingleAsync(ct);
                if (done > 0)
                    continue;
                logger.LogInformation("Applying schema migration {Version}", version);
                await db.Database.ExecuteSqlRawAsync(sql, ct);
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO \"__schema_versions\" (\"Version\", \"AppliedAt\") VALUES ({version}, {time.GetUtcNow().ToString("O")})", ct);
                await tx.CommitAsync(ct);
                applied.Add(version);
            }
        }
        finally
        {
            if (provider == DatabaseProvider.Postgres)
                await db.Database.ExecuteSqlRawAsync(PostgresUnlock, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
        return applied;
    }

    /// <summary>
    /// The versions not applied yet (all of them when the version table is missing): a node is
    /// ready only when this is empty.
    /// </summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct = default)
    {
        var provider = db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var all = Scripts(provider).Select(s => s.Version).ToList();
        try
        {
            var applied = await db.Database.SqlQueryRaw<string>("SELECT \"Version\" AS \"Value\" FROM \"__schema_versions\"").ToListAsync(ct);
            return all.Except(applied, StringComparer.Ordinal).ToList();
        }
        catch (System.Data.Common.DbException)
        {
            return all;
        }
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
