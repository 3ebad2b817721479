using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using PartnerSupport.Storage;

namespace PartnerSupport.Bench;

/// <summary>Direct access to the database the server uses, with the service's own settings.</summary>
public static class Database
{
    /// <summary>The pragmas SqliteDurabilityInterceptor sets on every connection the service opens.</summary>
    public const string SqlitePragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    private static readonly DateTimeOffsetToBinaryConverter TimeConverter = new();

    public static AppDbContext Context(Provider provider, string connectionString, params IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        if (provider == Provider.Postgres)
            builder.UseNpgsql(connectionString);
        else
            builder.UseSqlite(connectionString).AddInterceptors(new SqliteDurabilityInterceptor());
        builder.AddInterceptors(interceptors);
        return new AppDbContext(builder.Options);
    }

    public static async Task<SqliteConnection> OpenSqliteAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = SqlitePragmas;
        await pragmas.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>How EF Core stores a Guid in SQLite: upper-case text.</summary>
    public static string SqliteGuid(Guid id) => id.ToString().ToUpperInvariant();

    /// <summary>How the model stores a DateTimeOffset in SQLite: DateTimeOffsetToBinaryConverter.</summary>
    public static long SqliteTime(DateTimeOffset at) => (long)TimeConverter.ConvertToProvider(at)!;

    /// <summary>How EF Core stores a DateOnly in SQLite.</summary>
    public static string SqliteDate(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A new, empty database in the throwaway cluster; answers its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync(string adminConnectionString, string name, bool durable)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await Execute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await Execute(admin, $"CREATE DATABASE \"{name}\"");
        if (durable)
        {
            // The throwaway test cluster turns durability off for speed; production does not.
            // These three are reloadable settings, so no restart is needed.
            await Execute(admin, "ALTER SYSTEM SET fsync = on");
            await Execute(admin, "ALTER SYSTEM SET synchronous_commit = on");
            await Execute(admin, "ALTER SYSTEM SET full_page_writes = on");
        }
        else
        {
            await Execute(admin, "ALTER SYSTEM SET fsync = off");
            await Execute(admin, "ALTER SYSTEM SET synchronous_commit = off");
        }
        await Execute(admin, "SELECT pg_reload_conf()");
        await Task.Delay(300);
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    public static async Task<string> PostgresSettingsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync','synchronous_commit','full_page_writes','shared_buffers','max_connections')", connection);
        var settings = (string)(await command.ExecuteScalarAsync())!;
        await using var version = new NpgsqlCommand("SHOW server_version", connection);
        return $"PostgreSQL {(string)(await version.ExecuteScalarAsync())!}: {settings}";
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
