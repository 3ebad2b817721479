using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PartnerSupport.Storage;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Foundation;

/// <summary>
/// The EF Core migrations of the provider under test build exactly the schema of the EF model, the
/// model has no change that lacks a migration, and applying them is idempotent, recorded once,
/// and safe with several servers starting at once.
/// </summary>
public sealed partial class SchemaTests : IAsyncLifetime
{
    /// <summary>Bookkeeping, not schema: EF's migration history and the former SQL scripts' versions.</summary>
    private static readonly string[] BookkeepingTables = [HistoryRepository.DefaultTableName, SchemaMigrator.LegacyVersionsTable];

    private readonly List<TestDatabase> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var db in _databases)
            await db.DisposeAsync();
    }

    // Tests here compare several databases and start server processes, so they build their own rather than one AppTest.
    private async Task<TestDatabase> NewDatabaseAsync(DatabaseProvider? provider = null)
    {
        var db = await TestDatabase.CreateAsync(provider);
        _databases.Add(db);
        return db;
    }

    [SkippableFact]
    public Task The_migrated_schema_is_the_schema_of_the_EF_model() => AssertMigrationsBuildTheModelAsync(null);

    /// <summary>
    /// On PostgreSQL in every run that has a PostgreSQL server, the SQLite run too: so that plain
    /// <c>dotnet test</c>, which runs the suite on SQLite, says whether PostgreSQL was checked at all
    /// (skipped, with the reason, when there is no server).
    /// </summary>
    [SkippableFact]
    public Task The_PostgreSQL_migrations_build_the_schema_of_the_EF_model_whatever_the_provider_under_test() =>
        AssertMigrationsBuildTheModelAsync(DatabaseProvider.Postgres);

    private async Task AssertMigrationsBuildTheModelAsync(DatabaseProvider? provider)
    {
        var migrated = await NewDatabaseAsync(provider);
        var modelled = await NewDatabaseAsync(provider);

        await using (var services = Services(migrated))
        await using (var scope = services.CreateAsyncScope())
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync());

        await using (var services = Services(modelled))
        await using (var scope = services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.EnsureCreatedAsync());

        var expected = await DescribeAsync(modelled);
        var actual = await DescribeAsync(migrated);
        Assert.NotEmpty(expected);
        Assert.Contains(expected, line => line.StartsWith("table ServiceRequests", StringComparison.Ordinal));
        // EF's own migration lock (a table on SQLite) is not used: it would show here as a table the model lacks.
        AssertSameSchema(expected, actual);
    }

    [SkippableFact]
    public async Task The_model_has_no_change_that_lacks_a_migration()
    {
        var db = await NewDatabaseAsync();
        await using var services = Services(db);
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.False(context.Database.HasPendingModelChanges(),
            $"The EF model has changes that no migration has: add one for each provider (see CONTRIBUTING.md, \"Adding a migration\"). Provider under test: {db.Provider}.");

        // The check does see a change: the same model with one more index has a pending change.
        var changed = new DbContextOptionsBuilder<AppDbContext>().Use(db.Provider, db.ConnectionString)
            .ReplaceService<IModelCustomizer, ExtraIndex>().Options;
        await using var withChange = new AppDbContext(changed);
        Assert.True(withChange.Database.HasPendingModelChanges());
    }

    [SkippableFact]
    public async Task Running_the_migrations_again_applies_nothing_and_every_migration_is_recorded_once()
    {
        var db = await NewDatabaseAsync();
        await using var services = Services(db);
        List<string> migrations;
        await using (var scope = services.CreateAsyncScope())
            migrations = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetMigrations().ToList();
        Assert.NotEmpty(migrations);

        IReadOnlyList<string> first;
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.Equal(migrations, await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().PendingAsync());
            first = await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().PendingAsync());
        }
        Assert.Equal(migrations, first);
        var schemaAfterFirst = await DescribeAsync(db);

        IReadOnlyList<string> second;
        await using (var scope = services.CreateAsyncScope())
            second = await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
        Assert.Empty(second);

        // The whole start-up path (migrations and bootstrap) is just as repeatable.
        await using (var scope = services.CreateAsyncScope())
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync());

        AssertSameSchema(schemaAfterFirst, await DescribeAsync(db));
        Assert.Equal(migrations, await RecordedMigrationsAsync(db));
    }

    [SkippableFact]
    public async Task Several_servers_starting_at_once_migrate_the_database_exactly_once()
    {
        for (var round = 0; round < 3; round++)
        {
            var db = await NewDatabaseAsync();
            var nodes = Enumerable.Range(0, 6).Select(_ => Services(db)).ToList();
            try
            {
                var applied = await Task.WhenAll(nodes.Select(async node =>
                {
                    await using var scope = node.CreateAsyncScope();
                    return await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
                }));
                List<string> migrations;
                await using (var scope = nodes[0].CreateAsyncScope())
                    migrations = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetMigrations().ToList();
                Assert.Equal(migrations, applied.SelectMany(a => a).Order(StringComparer.Ordinal));
                Assert.Single(applied, a => a.Count > 0);
                Assert.Equal(migrations, await RecordedMigrationsAsync(db));
            }
            finally
            {
                foreach (var node in nodes)
                    await node.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task Two_server_processes_started_at_once_on_an_empty_database_migrate_it_once_and_both_serve()
    {
        var db = await NewDatabaseAsync();
        var settings = new Dictionary<string, string> { ["Logging__LogLevel__PartnerSupport.Storage.SchemaMigrator"] = "Information" };
        var servers = new List<ServerProcess>();
        try
        {
            // The two share only the database, and start at the same moment.
            Task<ServerProcess>[] starts =
            [
                ServerProcess.StartAsync(db, "server A", settings),
                ServerProcess.StartAsync(db, "server B", settings),
            ];
            try
            {
                await Task.WhenAll(starts);
            }
            finally
            {
                servers.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            foreach (var server in servers)
            {
                (await server.Client().GetAsync("/healthz/ready")).AssertStatus(HttpStatusCode.OK);
                await server.OperatorAsync();
            }
            Assert.Single(servers, s => s.Log.Contains("Applying schema migrations", StringComparison.Ordinal));
            await using var services = Services(db);
            await using var scope = services.CreateAsyncScope();
            Assert.Equal(scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetMigrations(), await RecordedMigrationsAsync(db));
        }
        finally
        {
            foreach (var server in servers)
                await server.DisposeAsync();
        }
    }

    /// <summary>A change to the model that no migration has.</summary>
    private sealed class ExtraIndex(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            modelBuilder.Entity<Organizations.Organization>().HasIndex(o => o.Name);
        }
    }

    /// <summary>Lists the lines each side lacks, which xunit's collection diff would cut short.</summary>
    internal static void AssertSameSchema(List<string> expected, List<string> actual)
    {
        expected = [.. expected.Where(l => !IsQueueSearchIndex(l))];
        actual = [.. actual.Where(l => !IsQueueSearchIndex(l))];
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"The migrated schema differs from the EF model's.\nMissing after migration:\n  {string.Join("\n  ", missing)}\nNot in the model:\n  {string.Join("\n  ", extra)}");
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// What the migrations add beyond the EF model on purpose, since EF cannot describe it: the
    /// queue search's trigram indexes (SQLite FTS5 tables, their shadow tables and the triggers
    /// that fill them; PostgreSQL's pg_trgm and its GIN indexes).
    /// </summary>
    internal static bool IsQueueSearchIndex(string line) => QueueSearchIndex().IsMatch(line);

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:(?:table|column|index|fk) (?:ServiceRequests|Messages)Search(?:_[a-z]+)?\b|trigger (?:ServiceRequests|Messages)_Search|index (?:ServiceRequests|Messages)\.IX_(?:ServiceRequests|Messages)_SearchText_Trigram:|extension pg_trgm$)")]
    private static partial System.Text.RegularExpressions.Regex QueueSearchIndex();

    /// <summary>The services a server or the command line builds, on that database.</summary>
    internal static ServiceProvider Services(TestDatabase db)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = db.Provider.ToString(),
                ["ConnectionStrings:PartnerSupport"] = db.ConnectionString,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPartnerSupport(configuration);
        return services.BuildServiceProvider();
    }

    internal static async Task<List<string>> RecordedMigrationsAsync(TestDatabase db)
    {
        await using var connection = Open(db);
        await connection.OpenAsync();
        var rows = await QueryAsync(connection, $"SELECT \"MigrationId\", \"ProductVersion\" FROM \"{HistoryRepository.DefaultTableName}\" ORDER BY \"MigrationId\"");
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r[1]), $"{r[0]} has no product version"));
        return rows.Select(r => r[0]!).ToList();
    }

    internal static DbConnection Open(TestDatabase db) =>
        db.Provider == DatabaseProvider.Sqlite ? new SqliteConnection(db.ConnectionString) : new NpgsqlConnection(db.ConnectionString);

    /// <summary>The schema as sorted lines, so a difference shows as the lines that differ.</summary>
    internal static async Task<List<string>> DescribeAsync(TestDatabase db)
    {
        await using var connection = Open(db);
        await connection.OpenAsync();
        var lines = db.Provider == DatabaseProvider.Sqlite ? await DescribeSqliteAsync(connection) : await DescribePostgresAsync(connection);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> DescribeSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var objects = await QueryAsync(connection,
            $"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND tbl_name NOT IN ({Bookkeeping})");
        foreach (var o in objects.Where(o => o[0] is not ("table" or "index")))
            lines.Add($"{o[0]} {o[1]} on {o[2]}: {Normalize(o[3])}");

        foreach (var table in objects.Where(o => o[0] == "table"))
        {
            var name = table[1]!;
            var sql = table[3] ?? "";
            lines.Add($"table {name}{(sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase) ? " autoincrement" : "")}");
            foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{name}')"))
                lines.Add($"column {name}.{c[0]} type={c[1]?.ToUpperInvariant()} notnull={c[2]} default={c[3] ?? "null"} pk={c[4]}");
            foreach (var check in CheckConstraints(sql))
                lines.Add($"check {name} {check}");

            var indexes = await QueryAsync(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{name}')");
            foreach (var i in indexes)
            {
                var columns = await QueryAsync(connection,
                    $"SELECT name, \"desc\", coll FROM pragma_index_xinfo('{i[0]}') WHERE key = 1 ORDER BY seqno");
                var indexSql = objects.FirstOrDefault(o => o[0] == "index" && o[1] == i[0])?[3];
                var where = indexSql?.IndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase) is int at and >= 0 ? Normalize(indexSql[at..]) : "";
                lines.Add($"index {name}.{i[0]} unique={i[1]} origin={i[2]} partial={i[3]} ({string.Join(", ", columns.Select(c => $"{c[0]} {(c[1] == "1" ? "desc" : "asc")} {c[2]}"))}){where}");
            }

            var keys = await QueryAsync(connection,
                $"SELECT id, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" FROM pragma_foreign_key_list('{name}') ORDER BY id, seq");
            foreach (var fk in keys.GroupBy(k => k[0]))
            {
                var first = fk.First();
                lines.Add($"fk {name}({string.Join(", ", fk.Select(k => k[2]))}) -> {first[1]}({string.Join(", ", fk.Select(k => k[3]))}) on update {first[4]} on delete {first[5]} match {first[6]}");
            }
        }
        return lines;
    }

    private static async Task<List<string>> DescribePostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var t in await QueryAsync(connection,
            $"SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ({Bookkeeping})"))
            lines.Add($"table {t[0]} {t[1]}");

        foreach (var c in await QueryAsync(connection,
            $"""
            SELECT table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale,
                   datetime_precision, is_nullable, column_default, is_identity, identity_generation, collation_name
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT IN ({Bookkeeping})
            """))
        {
            lines.Add($"column {c[0]}.{c[1]} type={c[2]}/{c[3]} length={c[4] ?? "-"} precision={c[5] ?? "-"},{c[6] ?? "-"},{c[7] ?? "-"} " +
                $"nullable={c[8]} default={NormalizeDefault(c[9])} identity={c[10]}/{c[11] ?? "-"} collation={c[12] ?? "-"}");
        }

        foreach (var i in await QueryAsync(connection,
            $"SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT IN ({Bookkeeping})"))
            lines.Add($"index {i[0]}.{i[1]}: {Normalize(i[2])}");

        foreach (var k in await QueryAsync(connection,
            $"""
            SELECT tc.table_name, tc.constraint_name, tc.constraint_type, tc.is_deferrable, pg_get_constraintdef(con.oid)
            FROM information_schema.table_constraints tc
            JOIN pg_namespace n ON n.nspname = tc.constraint_schema
            JOIN pg_constraint con ON con.connamespace = n.oid AND con.conname = tc.constraint_name
            JOIN pg_class rel ON rel.oid = con.conrelid AND rel.relname = tc.table_name
            WHERE tc.table_schema = 'public' AND tc.table_name NOT IN ({Bookkeeping})
            """))
            lines.Add($"constraint {k[0]}.{k[1]} {k[2]} deferrable={k[3]}: {Normalize(k[4])}");

        foreach (var s in await QueryAsync(connection,
            "SELECT sequence_name, data_type, start_value, minimum_value, maximum_value, increment FROM information_schema.sequences WHERE sequence_schema = 'public'"))
            lines.Add($"sequence {s[0]} {s[1]} start={s[2]} min={s[3]} max={s[4]} increment={s[5]}");

        foreach (var t in await QueryAsync(connection,
            "SELECT event_object_table, trigger_name, event_manipulation, action_statement FROM information_schema.triggers WHERE trigger_schema = 'public'"))
            lines.Add($"trigger {t[0]}.{t[1]} {t[2]}: {Normalize(t[3])}");

        foreach (var e in await QueryAsync(connection, "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'"))
            lines.Add($"extension {e[0]}");
        return lines;
    }

    private static string Bookkeeping => string.Join(", ", BookkeepingTables.Select(t => $"'{t}'"));

    /// <summary>The CHECK constraints of a SQLite CREATE TABLE statement (SQLite has no pragma for them).</summary>
    private static IEnumerable<string> CheckConstraints(string createTable)
    {
        foreach (Match m in CheckRegex().Matches(createTable))
        {
            var open = m.Index + m.Length - 1;
            var depth = 0;
            var end = open;
            for (; end < createTable.Length; end++)
            {
                depth += createTable[end] switch { '(' => 1, ')' => -1, _ => 0 };
                if (depth == 0)
                    break;
            }
            var name = m.Groups["name"].Success ? m.Groups["name"].Value : "(unnamed)";
            yield return $"{name} {Normalize(createTable[open..Math.Min(end + 1, createTable.Length)])}";
        }
    }

    [GeneratedRegex("""(?:CONSTRAINT\s+"(?<name>[^"]+)"\s+)?CHECK\s*\(""", RegexOptions.IgnoreCase)]
    private static partial Regex CheckRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"nextval\('[^']*'::regclass\)")]
    private static partial Regex NextVal();

    private static string Normalize(string? text) => text is null ? "null" : Whitespace().Replace(text, " ").Trim();

    private static string NormalizeDefault(string? text) => text is null ? "null" : NextVal().Replace(Normalize(text), "nextval(<sequence>)");

    internal static async Task<List<string?[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return rows;
    }
}
