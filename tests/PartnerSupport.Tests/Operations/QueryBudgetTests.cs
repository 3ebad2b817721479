using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// The regression guard of bench/README.md ("SQL per request"): one create and one contract read
/// send exactly the SQL commands, transactions, savepoint statements and connection opens that table states, on the
/// provider under test, counted from EF Core's diagnostic events for that one request. A change
/// that adds a statement to either path fails here at no cost in time, before any benchmark runs;
/// one that removes a statement fails too, until the table says so (the README stays true).
/// </summary>
public sealed partial class QueryBudgetTests : AppTest
{
    [SkippableFact]
    public async Task A_create_and_a_contract_read_send_the_SQL_the_bench_README_states()
    {
        var budget = ReadBudget();
        // Subscribed before anything runs: EF Core looks again whether anyone listens to command
        // events only every so often, not on each command.
        using var observer = new ListenerObserver();
        using var subscription = DiagnosticListener.AllListeners.Subscribe(observer);
        var world = await Scenario.StartAsync(_app);
        var partner = await world.PartnerWithContractAsync("Budget Partner");
        var contractId = partner.Contract.SupportContractId;
        // The in-process server runs a request in the caller's execution context only for clients
        // made after this is set, so that the counter set in CountAsync is the one its database
        // events see (background workers never see it).
        _app.Server.PreserveExecutionContext = true;
        var engineer = _app.Anonymous();
        engineer.Http.DefaultRequestHeaders.Authorization = partner.Engineer.Http.DefaultRequestHeaders.Authorization;
        var create = () => engineer.PostAsync("/v1/servicerequests/en-US", Scenario.Request(partner.ProductId, contractId));
        var read = () => engineer.GetAsync($"/v1/supportcontracts/{contractId}");
        // Warm, as in the bench's profile: the account is in the caller cache, the key ring and the
        // compiled queries are there; what is counted is the steady cost of one request.
        for (var i = 0; i < 2; i++)
        {
            (await create()).AssertStatus(HttpStatusCode.Created);
            (await read()).AssertStatus(HttpStatusCode.OK);
        }
        await Task.Delay(TimeSpan.FromSeconds(2));

        var provider = _db.Provider.ToString().ToLowerInvariant();
        var measured = new Dictionary<string, Counts>
        {
            ["create"] = await CountAsync(async () => (await create()).AssertStatus(HttpStatusCode.Created)),
            ["read"] = await CountAsync(async () => (await read()).AssertStatus(HttpStatusCode.OK)),
        };
        foreach (var (request, counts) in measured)
        {
            Assert.True(budget.TryGetValue((request, provider), out var stated), $"bench/README.md states no budget for {request} on {provider}");
            Assert.True(counts.SameAs(stated),
                $"{request} on {provider}: {counts} measured, {stated} in bench/README.md (\"SQL per request\"): "
                + (counts.Commands > stated.Commands || counts.Transactions > stated.Transactions || counts.Savepoints > stated.Savepoints || counts.Opens > stated.Opens
                    ? "the request got more expensive"
                    : "the request got cheaper: update the table")
                + "\nsent:\n" + string.Join("\n", counts.Statements.Select(t => t.Length > 160 ? t[..160] + "..." : t)));
        }
    }

    [SkippableFact]
    public void The_budget_table_names_both_requests_on_both_providers()
    {
        var budget = ReadBudget();
        foreach (var request in new[] { "create", "read" })
            foreach (var provider in new[] { "sqlite", "postgres" })
                Assert.True(budget.ContainsKey((request, provider)), $"bench/README.md states no budget for {request} on {provider}");
    }

    public sealed record Counts(int Commands, int Transactions, int Savepoints, int Opens)
    {
        /// <summary>For the failure message only: what was sent (not compared).</summary>
        public IReadOnlyList<string> Statements { get; init; } = [];

        public bool SameAs(Counts other) =>
            Commands == other.Commands && Transactions == other.Transactions && Savepoints == other.Savepoints && Opens == other.Opens;

        public override string ToString() => $"{Commands} SQL commands, {Transactions} transactions, {Savepoints} savepoint statements, {Opens} connection opens";
    }

    /// <summary>The SQL events of the one request sent in <paramref name="send"/>, wherever the server's code runs it.</summary>
    private static async Task<Counts> CountAsync(Func<Task> send)
    {
        var counter = new Counter();
        Counter.Current.Value = counter;
        try
        {
            await send();
        }
        finally
        {
            Counter.Current.Value = null;
        }
        return new Counts(counter.Commands, counter.Transactions, counter.Savepoints, counter.Opens) { Statements = [.. counter.Statements] };
    }

    private sealed class Counter
    {
        public static readonly AsyncLocal<Counter?> Current = new();
        public int Commands;
        public int Transactions;
        public int Savepoints;
        public int Opens;
        public readonly System.Collections.Concurrent.ConcurrentQueue<string> Statements = new();
    }

    private sealed class ListenerObserver : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private static readonly string CommandExecuted = RelationalEventId.CommandExecuted.Name!;
        private static readonly string CommandError = RelationalEventId.CommandError.Name!;
        private static readonly string TransactionStarted = RelationalEventId.TransactionStarted.Name!;
        private static readonly string ConnectionOpened = RelationalEventId.ConnectionOpened.Name!;
        // Not commands to EF Core's events, yet each one a statement (a round trip on PostgreSQL).
        private static readonly HashSet<string> SavepointStatements =
        [
            RelationalEventId.CreatedTransactionSavepoint.Name!,
            RelationalEventId.ReleasedTransactionSavepoint.Name!,
            RelationalEventId.RolledBackToTransactionSavepoint.Name!,
        ];
        private readonly List<IDisposable> _subscriptions = [];

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
                _subscriptions.Add(listener.Subscribe(this, name => name == CommandExecuted || name == CommandError || name == TransactionStarted || name == ConnectionOpened || SavepointStatements.Contains(name)));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (Counter.Current.Value is not { } counter)
                return;
            if (e.Key == CommandExecuted || e.Key == CommandError)
            {
                Interlocked.Increment(ref counter.Commands);
                if (e.Value is CommandEventData command)
                    counter.Statements.Enqueue(string.Join(' ', command.Command.CommandText.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)));
            }
            else if (e.Key == TransactionStarted)
                Interlocked.Increment(ref counter.Transactions);
            else if (e.Key == ConnectionOpened)
                Interlocked.Increment(ref counter.Opens);
            else if (SavepointStatements.Contains(e.Key))
            {
                Interlocked.Increment(ref counter.Savepoints);
                counter.Statements.Enqueue(e.Key);
            }
        }

        public void OnCompleted()
        {
        }

        public void Dispose()
        {
            foreach (var s in _subscriptions)
                s.Dispose();
        }

        public void OnError(Exception error)
        {
        }
    }

    /// <summary>The rows of the table under "SQL per request" in bench/README.md.</summary>
    private static Dictionary<(string Request, string Provider), Counts> ReadBudget()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "bench", "README.md")))
            dir = dir.Parent;
        Assert.True(dir is not null, "bench/README.md not found above " + AppContext.BaseDirectory);
        var text = File.ReadAllText(Path.Combine(dir!.FullName, "bench", "README.md"));
        var section = text.IndexOf("## SQL per request", StringComparison.Ordinal);
        Assert.True(section >= 0, "bench/README.md has no \"## SQL per request\" section");
        var budget = new Dictionary<(string, string), Counts>();
        foreach (Match row in BudgetRow().Matches(text[section..]))
        {
            int N(string g) => int.Parse(row.Groups[g].Value, System.Globalization.CultureInfo.InvariantCulture);
            var provider = row.Groups["provider"].Value.ToLowerInvariant() is "sqlite" ? "sqlite" : "postgres";
            budget[(row.Groups["request"].Value, provider)] = new Counts(N("commands"), N("transactions"), N("savepoints"), N("opens"));
        }
        return budget;
    }

    // | create | `POST /v1/servicerequests/en-US` | SQLite | 7 | 1 | 0 | 4 |
    [GeneratedRegex(@"^\|\s*(?<request>create|read)\s*\|[^|\n]*\|\s*(?<provider>SQLite|PostgreSQL|Postgres)\s*\|\s*(?<commands>\d+)\s*\|\s*(?<transactions>\d+)\s*\|\s*(?<savepoints>\d+)\s*\|\s*(?<opens>\d+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex BudgetRow();
}
