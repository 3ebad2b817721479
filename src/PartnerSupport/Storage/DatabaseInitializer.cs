using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerSupport.Accounts;

namespace PartnerSupport.Storage;

/// <summary>Start-up work for any process that opens the database: migrate, then bootstrap, under <see cref="MigrationLock"/>; returns the migrations applied.</summary>
public sealed class DatabaseInitializer(AppDbContext db, SchemaMigrator migrator, AddOperator addOperator, IOptions<BootstrapOptions> bootstrap, ILogger<DatabaseInitializer> logger)
{
    public async Task<IReadOnlyList<string>> InitializeAsync(CancellationToken ct = default)
    {
        if (db.Database.IsSqlite())
        {
            var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder))
                Directory.CreateDirectory(folder);
            // WAL is a property of the database file: set once, it stays.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }
        // The first operator is created under the migration lock too: nodes starting at once on an
        // empty database would otherwise both create it, and the loser of the unique index stop.
        await using var held = await MigrationLock.AcquireAsync(db, ct);
        var applied = await migrator.MigrateHoldingLockAsync(ct);

        if (bootstrap.Value is { IsConfigured: true, OperatorEmail: { } email, OperatorPassword: { } password })
        {
            var result = await addOperator.EnsureAsync(email, password, ct);
            if (!result.IsSuccess)
                throw new InvalidOperationException($"Bootstrap operator {email} could not be created: {result.Error!.Code} {string.Join("; ", result.Error.FieldErrors?.SelectMany(f => f.Value) ?? [])}");
            logger.LogInformation("Bootstrap operator {Email} is present", email);
        }
        return applied;
    }
}
