using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using PartnerSupport.Accounts;
using PartnerSupport.Casework;
using PartnerSupport.Common;

namespace PartnerSupport.Bench;

/// <summary>
/// The queue's SQL as the service sends it: ListQueue (and CountQueue, the portal page's counts)
/// run in this process on the server's database through an AppDbContext that records every
/// command with its parameters; each recorded statement is then timed on its own and explained
/// (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN (ANALYZE, BUFFERS)), so a slow page shows which
/// statement is slow and what the database does for it.
/// </summary>
public static class QueuePlan
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<IReadOnlyList<string>> RunAsync(Provider provider, string connectionString, Guid staffUserId, string? deepToken, string size)
    {
        var lines = new List<string>();
        var staff = new Caller(staffUserId, "staff@bench.example", "Bench Support Engineer", null, Roles.SupportEngineer);
        var pages = new List<(string Name, Func<PartnerSupport.Storage.AppDbContext, Task> Run)>
        {
            ("first page", db => new ListQueue(db, TimeProvider.System).RunAsync(staff, new QueueFilter())),
            ("portal counts", db => new CountQueue(db, TimeProvider.System).RunAsync(staff)),
        };
        if (deepToken is not null)
            pages.Add(("deep page", db => new ListQueue(db, TimeProvider.System).RunAsync(staff, new QueueFilter(ContinuationToken: deepToken))));
        foreach (var (name, run) in pages)
        {
            var recorder = new Recorder();
            await using (var db = Database.Context(provider, connectionString, recorder))
            {
                await run(db); // warm: compile the query, load the pages
                recorder.Commands.Clear();
                var clock = Stopwatch.StartNew();
                await run(db);
                lines.Add(string.Create(Invariant, $"queue plan, {size} size, {name}: {recorder.Commands.Count} SQL commands, {clock.Elapsed.TotalMilliseconds:F1} ms in ListQueue/CountQueue"));
            }
            foreach (var command in recorder.Commands)
            {
                var (ms, plan) = await ExplainAsync(provider, connectionString, command);
                lines.Add(string.Create(Invariant, $"  {ms,8:F2} ms  {Flat(command.Sql)}"));
                lines.AddRange(plan.Select(p => "             | " + p));
            }
        }
        return lines;
    }

    private sealed record Recorded(string Sql, IReadOnlyList<(string Name, object? Value, object? Type)> Parameters);

    /// <summary>Records each reader command EF Core executes, with copies of its parameters.</summary>
    private sealed class Recorder : DbCommandInterceptor
    {
        public List<Recorded> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        private void Record(DbCommand command) =>
            Commands.Add(new Recorded(command.CommandText, command.Parameters.Cast<DbParameter>()
                .Select(p => (p.ParameterName, p.Value, p is NpgsqlParameter n ? (object?)n.NpgsqlDbType : p is SqliteParameter s ? s.SqliteType : null)).ToList()));
    }

    /// <summary>The statement's median time over 5 runs (after one), and its plan.</summary>
    private static async Task<(double Ms, List<string> Plan)> ExplainAsync(Provider provider, string connectionString, Recorded recorded)
    {
        await using DbConnection connection = provider == Provider.Sqlite ? await Database.OpenSqliteAsync(connectionString) : new NpgsqlConnection(connectionString);
        if (connection.State != System.Data.ConnectionState.Open)
            await connection.OpenAsync();
        DbCommand Command(string prefix)
        {
            var command = connection.CreateCommand();
            command.CommandText = prefix + recorded.Sql;
            command.CommandTimeout = 300;
            foreach (var (name, value, type) in recorded.Parameters)
            {
                DbParameter p = provider == Provider.Sqlite
                    ? new SqliteParameter(name, value ?? DBNull.Value) { SqliteType = (SqliteType)type! }
                    : new NpgsqlParameter(name, value ?? DBNull.Value) { NpgsqlDbType = (NpgsqlTypes.NpgsqlDbType)type! };
                command.Parameters.Add(p);
            }
            return command;
        }
        var times = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            await using var command = Command("");
            var clock = Stopwatch.StartNew();
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                {
                }
            if (i > 0)
                times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var plan = new List<string>();
        await using (var explain = Command(provider == Provider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) "))
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                plan.Add(provider == Provider.Sqlite
                    ? $"{reader.GetInt64(0)}<-{reader.GetInt64(1)} {reader.GetString(3)}"
                    : reader.GetString(0));
        }
        return (times[times.Count / 2], plan);
    }

    private static string Flat(string sql)
    {
        var text = new StringBuilder(sql.Length);
        var space = false;
        foreach (var c in sql)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space && text.Length > 0)
                text.Append(' ');
            space = false;
            text.Append(c);
        }
        return text.ToString();
    }
}
