using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PartnerSupport.Storage;

/// <summary>
/// How every <see cref="AppDbContext"/> is configured: by the server and the command line, and by
/// the design-time factories that <c>dotnet ef</c> uses, so a migration is scaffolded from the
/// very model the application runs.
/// </summary>
public static class AppDbContextSetup
{
    // One set of migrations per provider, each in an assembly of its own: the model differs by
    // provider (SQLite stores DateTimeOffset as a number), and EF keys a set of migrations by
    // context type, so one context type needs one migrations assembly per provider.
    public const string SqliteMigrationsAssembly = "PartnerSupport.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "PartnerSupport.Migrations.Postgres";

    public static TBuilder Use<TBuilder>(this TBuilder options, DatabaseProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        // SchemaMigrator holds a lock of its own around every migration (see MigrationLock), so
        // EF's lock is left out rather than taken inside it.
        if (provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly))
                .ReplaceService<IHistoryRepository, PostgresHistoryWithoutLock>();
        }
        else
        {
            options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly))
                .ReplaceService<IHistoryRepository, SqliteHistoryWithoutLock>();
        }
        return options;
    }
}
