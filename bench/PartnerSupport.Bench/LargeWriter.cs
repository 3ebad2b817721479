using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace PartnerSupport.Bench;

/// <summary>
/// Writes a <see cref="LargeModel"/> straight into the database the server uses (the server is
/// stopped meanwhile): SQLite with prepared INSERTs in transactions of a few thousand
/// organizations, PostgreSQL with one binary COPY per table. Then the statistics are refreshed
/// (ANALYZE; on PostgreSQL VACUUM (ANALYZE) and a CHECKPOINT) and, on SQLite, the WAL is
/// checkpointed, as after any bulk load.
/// </summary>
public static class LargeWriter
{
    private const int OrganizationsPerTransaction = 2_000;

    public static async Task WriteAsync(Provider provider, string connectionString, LargeModel model, Action<string> progress)
    {
        if (provider == Provider.Sqlite)
            await WriteSqliteAsync(connectionString, model, progress);
        else
            await WritePostgresAsync(connectionString, model, progress);
    }

    private static async Task WriteSqliteAsync(string connectionString, LargeModel model, Action<string> progress)
    {
        await using var connection = await Database.OpenSqliteAsync(connectionString);
        await using (var cache = connection.CreateCommand())
        {
            cache.CommandText = "PRAGMA cache_size=-262144;";
            await cache.ExecuteNonQueryAsync();
        }
        var clock = Stopwatch.StartNew();
        var tables = LargeModel.Tables.Select(t => new SqliteSink(connection, t)).ToList();
        using (var tx = connection.BeginTransaction())
        {
            using var products = new SqliteSink(connection, LargeModel.ProductsTable);
            products.Transaction = tx;
            LargeModel.ProductsTable.Rows(model, 0, 0, products);
            tx.Commit();
        }
        for (var from = 0; from < model.Organizations; from += OrganizationsPerTransaction)
        {
            var to = Math.Min(from + OrganizationsPerTransaction, model.Organizations);
            using var tx = connection.BeginTransaction();
            foreach (var sink in tables)
            {
                sink.Transaction = tx;
                sink.Table.Rows(model, from, to, sink);
            }
            tx.Commit();
            if (to % 20_000 == 0 || to == model.Organizations)
                progress($"  {to:N0} of {model.Organizations:N0} organizations written ({clock.Elapsed.TotalSeconds:F0} s)");
        }
        foreach (var sink in tables)
            sink.Dispose();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
        analyze.CommandTimeout = 600;
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task WritePostgresAsync(string connectionString, LargeModel model, Action<string> progress)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        foreach (var table in LargeModel.Tables.Prepend(LargeModel.ProductsTable))
        {
            var columns = string.Join(", ", table.Columns.Select(c => $"\"{c}\""));
            await using (var importer = await connection.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)"))
            {
                importer.Timeout = TimeSpan.FromMinutes(30);
                var sink = new CopySink(importer);
                table.Rows(model, 0, model.Organizations, sink);
                await importer.CompleteAsync();
                progress($"  {table.Name}: {sink.Rows:N0} rows ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }
        // What autovacuum and the checkpointer would do in the next minutes, done now so that they
        // do not run during the measurement: statistics, hint bits and visibility map, a checkpoint.
        foreach (var sql in new[] { "VACUUM (ANALYZE)", "CHECKPOINT" })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
            await command.ExecuteNonQueryAsync();
            progress($"  {sql} ({clock.Elapsed.TotalSeconds:F0} s)");
        }
    }

    /// <summary>One prepared INSERT, values converted as EF Core stores them in SQLite.</summary>
    private sealed class SqliteSink : IRowSink, IDisposable
    {
        private readonly SqliteCommand command;
        private readonly SqliteParameter[] parameters;

        public SqliteSink(SqliteConnection connection, LargeTable table)
        {
            Table = table;
            command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))})";
            parameters = table.Columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"@p{i}", null))).ToArray();
        }

        public LargeTable Table { get; }

        public SqliteTransaction? Transaction
        {
            set => command.Transaction = value;
        }

        public void Row(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] switch
                {
                    null => DBNull.Value,
                    Guid g => Database.SqliteGuid(g),
                    DateTimeOffset t => Database.SqliteTime(t),
                    DateOnly d => Database.SqliteDate(d),
                    bool b => b ? 1 : 0,
                    var v => v,
                };
            }
            command.ExecuteNonQuery();
        }

        public void Dispose() => command.Dispose();
    }

    /// <summary>One row of a binary COPY, each value written with its PostgreSQL type.</summary>
    private sealed class CopySink(NpgsqlBinaryImporter importer) : IRowSink
    {
        public long Rows { get; private set; }

        public void Row(params object?[] values)
        {
            importer.StartRow();
            foreach (var value in values)
            {
                switch (value)
                {
                    case null: importer.WriteNull(); break;
                    case Guid g: importer.Write(g, NpgsqlDbType.Uuid); break;
                    case string s: importer.Write(s, NpgsqlDbType.Varchar); break;
                    case int n: importer.Write(n, NpgsqlDbType.Integer); break;
                    case long n: importer.Write(n, NpgsqlDbType.Bigint); break;
                    case bool b: importer.Write(b, NpgsqlDbType.Boolean); break;
                    case DateTimeOffset t: importer.Write(t, NpgsqlDbType.TimestampTz); break;
                    case DateOnly d: importer.Write(d, NpgsqlDbType.Date); break;
                    default: throw new InvalidOperationException($"no PostgreSQL type for {value.GetType()}");
                }
            }
            Rows++;
        }
    }
}
