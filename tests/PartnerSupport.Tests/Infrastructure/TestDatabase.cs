using Npgsql;
using PartnerSupport.Storage;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database on the provider under test (PARTNERSUPPORT_TEST_PROVIDER: Sqlite by
/// default, or Postgres on the cluster at PARTNERSUPPORT_TEST_PG that ./test.sh starts).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _pgName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? folder, string? pgName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _pgName = pgName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>A folder of this test's own, for files such as the SQLite database and keys.</summary>
    public string Folder => _folder!;

    public static DatabaseProvider ProviderUnderTest =>
        Environment.GetEnvironmentVariable("PARTNERSUPPORT_TEST_PROVIDER") is { Length: > 0 } p
            ? Enum.Parse<DatabaseProvider>(p, ignoreCase: true)
            : DatabaseProvider.Sqlite;

    /// <summary>A fresh database on the provider under test, or on <paramref name="provider"/> for a test about that one.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider? provider = null)
    {
        var folder = Directory.CreateTempSubdirectory("partnersupport-test-").FullName;
        if ((provider ?? ProviderUnderTest) == DatabaseProvider.Sqlite)
            return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "test.db")}", folder, null);

        var server = Requires.Postgres();
        var name = "ps_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 100 };
        return new TestDatabase(DatabaseProvider.Postgres, builder.ConnectionString, folder, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("PARTNERSUPPORT_TEST_PG"));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (_folder is not null)
                Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the temp folder is cleaned by the OS.
        }
    }
}
