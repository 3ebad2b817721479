using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace PartnerSupport.Storage;

/// <summary>
/// Applies the EF Core migrations of the provider in use (projects PartnerSupport.Migrations.Sqlite
/// and PartnerSupport.Migrations.Postgres) under <see cref="MigrationLock"/>. A database created
/// before them, by the hand-written SQL scripts that recorded their versions in __schema_versions,
/// first adopts the EF migrations that equal its schema (<see cref="LegacyVersions"/>), unchanged.
/// </summary>
public sealed class SchemaMigrator(AppDbContext db, ILogger<SchemaMigrator> logger)
{
    public const string LegacyVersionsTable = "__schema_versions";

    /// <summary>
    /// Each version of the former hand-written SQL scripts that a database may be at, and the EF
    /// migration (by name) whose schema, with the migrations before it, equals that version's
    /// exactly. A database at a version listed here is recorded as having those migrations and
    /// then receives the later ones; a database at any other version is refused.
    /// To convert a new hand-written script into an EF migration: add the migration for both
    /// providers (CONTRIBUTING.md), add a row here mapping the script's version to the migration's
    /// name, and move the script into the tests' LegacySchema fixtures, where LegacySchemaTests
    /// checks that a database built by the scripts adopts it unchanged.
    /// </summary>
    public static readonly IReadOnlyList<(string LegacyVersion, string Migration)> LegacyVersions =
    [
        ("0004_expiry_index", "Baseline"),
    ];

    private DatabaseProvider Provider => db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>Brings the database up to the latest migration; returns the ids of the migrations it applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var held = await MigrationLock.AcquireAsync(db, ct);
        return await MigrateHoldingLockAsync(ct);
    }

    /// <summary>As <see cref="MigrateAsync"/>, for a caller that holds <see cref="MigrationLock"/> on this context already.</summary>
    public async Task<IReadOnlyList<string>> MigrateHoldingLockAsync(CancellationToken ct = default)
    {
        if (await LegacyAdoptionAsync(ct) is { } adoption)
        {
            logger.LogInformation("Adopting {Migrations} for the schema at {Version} of the SQL scripts", string.Join(", ", adoption.Migrations), adoption.LegacyVersion);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync(adoption.Sql, ct);
            await tx.CommitAsync(ct);
        }

        var pending = await PendingAsync(ct);
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying schema migrations {Migrations}", string.Join(", ", pending));
            await db.Database.MigrateAsync(ct);
        }
        return pending;
    }

    /// <summary>
    /// The migrations not applied yet (all of them on a database never migrated, or one still to
    /// adopt its SQL-script version): a node is ready only when this is empty.
    /// </summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct = default) =>
        // Asked first, because on PostgreSQL EF reads a missing history table and logs the failure as an error.
        await TableExistsAsync(HistoryRepository.DefaultTableName, ct)
            ? (await db.Database.GetPendingMigrationsAsync(ct)).ToList()
            : db.Database.GetMigrations().ToList();

    /// <summary>
    /// The SQL that <see cref="MigrateAsync"/> would run, for operators who apply it themselves.
    /// On PostgreSQL it is idempotent (each migration runs only if not recorded yet), so it suits a
    /// database at any version. SQLite cannot express that, so its script starts from the version
    /// of the database it is given, read from it, and suits that database at that version only.
    /// </summary>
    public async Task<string> ScriptAsync(CancellationToken ct = default)
    {
        var script = new StringBuilder();
        string? from = null;
        if (await db.Database.CanConnectAsync(ct))
        {
            if (await LegacyAdoptionAsync(ct) is { } adoption)
            {
                script.AppendLine($"-- Adopting {string.Join(", ", adoption.Migrations)} for the schema at {adoption.LegacyVersion} of the SQL scripts.");
                script.AppendLine(adoption.Sql);
                from = adoption.Migrations[^1];
            }
            else if (Provider == DatabaseProvider.Sqlite)
            {
                from = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
            }
        }

        var migrator = db.GetService<IMigrator>();
        var body = Provider == DatabaseProvider.Postgres
            ? migrator.GenerateScript(fromMigration: null, toMigration: null, MigrationsSqlGenerationOptions.Idempotent)
            : migrator.GenerateScript(fromMigration: from, toMigration: null);
        script.Append(body.Length > 0 ? body : "-- Nothing to apply: the database has every migration.\n");
        return script.ToString();
    }

    private sealed record Adoption(string LegacyVersion, IReadOnlyList<string> Migrations, string Sql);

    /// <summary>
    /// For a database made by the SQL scripts and not yet under EF migrations: the migrations its
    /// schema already has and the SQL that records them. Null for any other database.
    /// </summary>
    private async Task<Adoption?> LegacyAdoptionAsync(CancellationToken ct)
    {
        if (!await TableExistsAsync(LegacyVersionsTable, ct) || await TableExistsAsync(HistoryRepository.DefaultTableName, ct))
            return null;
        var versions = await db.Database.SqlQueryRaw<string>($"SELECT \"Version\" AS \"Value\" FROM \"{LegacyVersionsTable}\"").ToListAsync(ct);
        // A version table with no version is left by a first start that stopped before its first
        // script: the database is empty and migrates from the start.
        if (versions.Count == 0)
            return null;
        var latest = versions.Max(StringComparer.Ordinal)!;

        var known = LegacyVersions.FirstOrDefault(v => v.LegacyVersion == latest).Migration
            ?? throw new InvalidOperationException(
                $"The database's schema is at version {latest} of the SQL scripts used before EF Core migrations, which this release cannot adopt " +
                $"(it adopts {string.Join(", ", LegacyVersions.Select(v => v.LegacyVersion))}). Start the release that matches that version first.");
        var assembly = db.GetService<IMigrationsAssembly>();
        var target = assembly.FindMigrationId(known)
            ?? throw new InvalidOperationException($"The migration {known} that SQL-script version {latest} maps to is not in {assembly.Assembly.GetName().Name}.");
        var migrations = assembly.Migrations.Keys.Where(id => string.CompareOrdinal(id, target) <= 0).ToList();

        var history = db.GetService<IHistoryRepository>();
        var sql = new StringBuilder(history.GetCreateIfNotExistsScript());
        foreach (var id in migrations)
        {
            var insert = history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion()));
            // PostgreSQL can guard each row, which keeps its script idempotent; SQLite cannot.
            sql.AppendLine(Provider == DatabaseProvider.Postgres
                ? $"{history.GetBeginIfNotExistsScript(id)}\n{insert}\n{history.GetEndIfScript()}"
                : insert);
        }
        return new Adoption(latest, migrations, sql.ToString());
    }

    private async Task<bool> TableExistsAsync(string table, CancellationToken ct)
    {
        var count = Provider == DatabaseProvider.Postgres
            ? await db.Database.SqlQuery<int>($"SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {table}").SingleAsync(ct)
            : await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {table}").SingleAsync(ct);
        return count > 0;
    }
}
