using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PartnerSupport.Bench;

/// <summary>One provider: start the server, seed, measure, profile, and optionally the same at the large size.</summary>
public static class Runner
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>--large: the small size's queue holds this many organizations' requests (10 each) beside the small installation's.</summary>
    private const int SmallQueueOrganizations = 1_000;

    /// <summary>The workloads of one size, each measured by wrk (HTTP), pgbench or the raw driver.</summary>
    public sealed record Figures(Measurement Hello, Measurement Read, Measurement CreateSpread, Measurement RawSpread, Measurement CreateHot, Measurement RawHot, Measurement Mixed)
    {
        public IEnumerable<Measurement> All => [Hello, Read, CreateSpread, RawSpread, CreateHot, RawHot, Mixed];

        private static readonly Measurement Nothing = new("not measured", 0, 0, 0, 0, 0, 0, 0, null);

        /// <summary>--only queue: these are not measured.</summary>
        public static Figures None { get; } = new(Nothing, Nothing, Nothing, Nothing, Nothing, Nothing, Nothing);

        public IEnumerable<string> Ratios(string provider, string prefix) =>
        [
            Ratio(provider, prefix + "create/raw spread", CreateSpread.Throughput / RawSpread.Throughput),
            Ratio(provider, prefix + "create/raw hot", CreateHot.Throughput / RawHot.Throughput),
            Ratio(provider, prefix + "read/hello", Read.Throughput / Hello.Throughput),
            Ratio(provider, prefix + $"mixed p99/p50 at {Mixed.Concurrency} connections", Mixed.P99Ms / Mixed.P50Ms)
                + string.Create(Invariant, $" (p50 {Mixed.P50Ms:F1} ms, p99 {Mixed.P99Ms:F1} ms)"),
        ];
    }

    /// <summary>What serve leaves for load (and for any other tool): where the server is and what to ask it.</summary>
    public sealed record Served(string Provider, Uri BaseAddress, string ConnectionString, string Token, BenchData Data);

    private static async Task<(string ConnectionString, string Engine)> PrepareDatabaseAsync(BenchOptions options)
    {
        Directory.CreateDirectory(options.WorkDir);
        if (options.Provider == Provider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.WorkDir, "partnersupport.db") }.ConnectionString;
            return (file, $"SQLite {SqliteVersion()}, WAL, synchronous=FULL (file in {options.WorkDir})");
        }
        var connectionString = await Database.CreatePostgresDatabaseAsync(options.PostgresAdmin!, "partnersupport_bench", options.PostgresDurable);
        return (connectionString, await Database.PostgresSettingsAsync(connectionString));
    }

    /// <summary>Start and seed as run does, then keep the server up for --seconds (for a profiler); answers in serve.json.</summary>
    public static async Task<int> ServeAsync(BenchOptions options)
    {
        var (connectionString, engine) = await PrepareDatabaseAsync(options);
        var operatorAccount = SmallSeed.NewOperator();
        await using var server = await Start(options, connectionString, operatorAccount, "server.log", options.LogSql ? Profiler.Environment : null);
        var data = await SmallSeed.RunAsync(options, connectionString, server.BaseAddress, operatorAccount);
        if (options.Large)
        {
            await LargeWriter.WriteAsync(options.Provider, connectionString, new LargeModel(options.Organizations, options.ServiceRequests, DateTimeOffset.UtcNow), Say);
            Say($"large installation written: {await CountsAsync(options.Provider, connectionString)}");
        }
        using var http = Clients.Create(server.BaseAddress, 1);
        var token = await new Api(http).TokenAsync(data.User);
        var file = Path.Combine(options.WorkDir, "serve.json");
        await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(new Served(options.Name, server.BaseAddress, connectionString, token, data)));
        Say($"{engine}: server pid {server.ProcessId} at {server.BaseAddress}, log {server.LogPath}; details in {file}; up for {options.Seconds.TotalSeconds:F0} s (Ctrl-C stops it)");
        await Task.Delay(options.Seconds);
        return 0;
    }

    /// <summary>Drive one workload against the server serve started, or alternately against two of them (--against).</summary>
    public static async Task<int> LoadAsync(BenchOptions options)
    {
        static async Task<Served> Read(string work) =>
            System.Text.Json.JsonSerializer.Deserialize<Served>(await File.ReadAllTextAsync(Path.Combine(work, "serve.json")))!;
        var served = await Read(options.WorkDir);
        using var http = Clients.Create(served.BaseAddress, options.Concurrency);
        if (options.Against is null)
        {
            var m = await LoadDriver.MeasureOneAsync(options.Scenario, Factory(options.Scenario, served, http), options.Concurrency, options.Ramp, options.Seconds);
            Say(m.ToString());
            return m.Errors > 0 ? 1 : 0;
        }
        var other = await Read(options.Against);
        using var otherHttp = Clients.Create(other.BaseAddress, options.Concurrency);
        var (a, b) = await LoadDriver.MeasurePairAsync(
            (Path.GetFileName(options.WorkDir) + " " + options.Scenario, Factory(options.Scenario, served, http)),
            (Path.GetFileName(options.Against) + " " + options.Scenario, Factory(options.Scenario, other, otherHttp)),
            options.Concurrency, options.Warmup, options.Seconds, options.Rounds, options.Ramp, Say);
        Say(a.ToString());
        Say(b.ToString());
        Say(string.Create(Invariant, $"throughput {b.Name} / {a.Name} = {b.Throughput / a.Throughput:F2}"));
        return a.Errors + b.Errors > 0 ? 1 : 0;
    }

    private static Func<int, Task<IOperation>> Factory(string scenario, Served served, HttpClient http) => scenario switch
    {
        "hello" => Scenarios.Hello(http),
        "read" => Scenarios.Read(http, served.Data, served.Token),
        "create" => Scenarios.Create(http, served.Data, served.Token),
        "raw" => Scenarios.Raw(served.Provider == "sqlite" ? Provider.Sqlite : Provider.Postgres, served.ConnectionString, served.Data),
        var other => throw new ArgumentException($"unknown scenario {other} (hello, read, create, raw)"),
    };

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var (connectionString, engine) = await PrepareDatabaseAsync(options);
        var operatorAccount = SmallSeed.NewOperator();
        var header = string.Create(Invariant,
            $"== {options.Name}: {engine}; {options.Concurrency} clients; each figure {options.Duration.TotalSeconds:0.#} s in {options.Rounds} rounds alternating with its baseline, after {options.Warmup.TotalSeconds:0.#} s warm-up ==");
        Say(header);
        var report = new List<string> { header };

        BenchData data;
        Figures small;
        await using (var server = await Start(options, connectionString, operatorAccount, "server.log"))
        {
            data = await SmallSeed.RunAsync(options, connectionString, server.BaseAddress, operatorAccount);
            Say($"seeded: organization, user, product, 2 contracts of {SmallSeed.Incidents:N0} incidents; server at {server.BaseAddress}");
            small = options.QueueOnly ? Figures.None : await MeasureAsync(options, server.BaseAddress, connectionString, data, "small");
        }
        report.AddRange(small.All.Where(m => m.Count > 0).Select(m => "small  " + m));

        if (options.Profile && !options.QueueOnly)
        {
            await using var server = await Start(options, connectionString, operatorAccount, "server-profile.log", Profiler.Environment);
            Say("profile (one client, EF Core and request events logged; see the README for how to read it):");
            var unloaded = new List<string>();
            foreach (var profile in await Profiler.RunAsync(options, server, data))
            {
                Say("  " + profile);
                unloaded.Add("profile " + profile);
            }
            report.AddRange(unloaded);
        }

        Large? large = null;
        if (options.Large)
        {
            large = await LargeAsync(options, connectionString, data, operatorAccount);
            report.AddRange(large.Report);
        }

        var errors = small.All.Concat(large?.Measurements ?? []).Sum(m => m.Errors);
        var ratios = new List<string>();
        if (!options.QueueOnly)
            ratios.AddRange(small.Ratios(options.Name, ""));
        if (large is not null && !options.QueueOnly)
        {
            ratios.AddRange(large.Figures.Ratios(options.Name, "large "));
            ratios.Add(Ratio(options.Name, "large/small create p99", large.CreateLarge.P99Ms / large.CreateSmall.P99Ms)
                + string.Create(Invariant, $" ({large.CreateSmall.P99Ms:F1} -> {large.CreateLarge.P99Ms:F1} ms)"));
            ratios.Add(Ratio(options.Name, "large/small read p99", large.ReadLarge.P99Ms / large.ReadSmall.P99Ms)
                + string.Create(Invariant, $" ({large.ReadSmall.P99Ms:F1} -> {large.ReadLarge.P99Ms:F1} ms)"));
        }
        if (large is not null)
        {
            ratios.Add(Ratio(options.Name, "large/small queue first page p99", large.QueueLarge.P99Ms / large.QueueSmall.P99Ms)
                + string.Create(Invariant, $" ({large.QueueSmall.P99Ms:F1} -> {large.QueueLarge.P99Ms:F1} ms)"));
            ratios.Add(Ratio(options.Name, "large/small queue deep page p99", large.DeepLarge.P99Ms / large.DeepSmall.P99Ms)
                + string.Create(Invariant, $" ({large.DeepSmall.P99Ms:F1} -> {large.DeepLarge.P99Ms:F1} ms)"));
        }
        if (errors > 0)
            ratios.Add($"{options.Name}: {errors} requests answered unexpectedly; the figures are not valid");

        if (options.SummaryFile is { } summary)
        {
            await File.AppendAllLinesAsync(summary + ".figures", report.Append(""));
            await File.AppendAllLinesAsync(summary + ".ratios", ratios);
        }
        foreach (var line in ratios)
            Say(line);
        return errors > 0 ? 1 : 0;
    }

    /// <summary>The large size, measured beside the small one: both servers run, their rounds alternate.</summary>
    public sealed record Large(
        Measurement CreateSmall, Measurement CreateLarge, Measurement ReadSmall, Measurement ReadLarge,
        Measurement QueueSmall, Measurement QueueLarge, Measurement DeepSmall, Measurement DeepLarge,
        Figures Figures, IReadOnlyList<string> Report)
    {
        public IEnumerable<Measurement> Measurements => new[] { CreateSmall, CreateLarge, ReadSmall, ReadLarge, QueueSmall, QueueLarge, DeepSmall, DeepLarge }.Concat(Figures.All);
    }

    /// <summary>
    /// A second database seeded like the small one, then filled with the large installation; then
    /// the small and the large server run side by side and the same requests alternate between
    /// them, so that the p99 comparison is not a comparison of two moments of a busy machine.
    /// </summary>
    private static async Task<Large> LargeAsync(BenchOptions options, string smallConnectionString, BenchData smallData, Credentials operatorAccount)
    {
        var report = new List<string>();
        var connectionString = options.Provider == Provider.Sqlite
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.WorkDir, "partnersupport-large.db") }.ConnectionString
            : await Database.CreatePostgresDatabaseAsync(options.PostgresAdmin!, "partnersupport_bench_large", options.PostgresDurable);
        BenchData data;
        await using (var seeding = await Start(options, connectionString, operatorAccount, "server-large-seed.log"))
            data = await SmallSeed.RunAsync(options, connectionString, seeding.BaseAddress, operatorAccount);

        var clock = Stopwatch.StartNew();
        Say($"generating the large installation: {options.Organizations:N0} organizations, {options.ServiceRequests:N0} service requests ...");
        var model = new LargeModel(options.Organizations, options.ServiceRequests, DateTimeOffset.UtcNow);
        var planned = clock.Elapsed;
        await LargeWriter.WriteAsync(options.Provider, connectionString, model, Say);
        var written = clock.Elapsed;
        var counts = await CountsAsync(options.Provider, connectionString);
        var (contracts, mismatches) = await VerifyAsync(options.Provider, connectionString);
        var line = string.Create(Invariant,
            $"large installation: {model.RowCount:N0} rows in {written.TotalSeconds:F0} s ({planned.TotalSeconds:F0} s to plan, {(written - planned).TotalSeconds:F0} s to write and ANALYZE); now {counts}; "
            + $"ledger checked for {contracts:N0} contracts: {mismatches} mismatches ({(clock.Elapsed - written).TotalSeconds:F0} s)");
        Say(line);
        report.Add(line);
        if (mismatches > 0)
            throw new InvalidOperationException("the generated ledger does not explain the balances");

        // The small size's queue: the small installation's requests and those of 1,000 organizations
        // of the large one's shape (3,000 of them active), so that a deep page exists at both sizes.
        var smallModel = new LargeModel(SmallQueueOrganizations, SmallQueueOrganizations * 10, DateTimeOffset.UtcNow);
        await LargeWriter.WriteAsync(options.Provider, smallConnectionString, smallModel, _ => { });
        var smallLine = $"small size for the queue: {await CountsAsync(options.Provider, smallConnectionString)}";
        Say(smallLine);
        report.Add(smallLine);

        await using var smallServer = await Start(options, smallConnectionString, operatorAccount, "server.log");
        await using var largeServer = await Start(options, connectionString, operatorAccount, "server-large.log");
        using var smallHttp = Clients.Create(smallServer.BaseAddress, options.Concurrency);
        using var largeHttp = Clients.Create(largeServer.BaseAddress, options.Concurrency);
        var smallToken = await new Api(smallHttp).TokenAsync(smallData.User);
        var largeToken = await new Api(largeHttp).TokenAsync(data.User);
        var files = Path.Combine(options.WorkDir, "wrk-large");
        Directory.CreateDirectory(files);
        var script = await WrkScriptAsync(options);
        async Task<ILoad> One(string name, Uri server, string method, string path, string token, string body = "")
        {
            var file = Path.Combine(files, Guid.NewGuid().ToString("N")[..8] + ".txt");
            await File.WriteAllTextAsync(file, $"{method}\t{path}\t{token}\t{body}\n");
            return new WrkLoad(name, server, file, options.Concurrency, script);
        }
        async Task<(Measurement, Measurement)> Pair(ILoad a, ILoad b)
        {
            await Task.Delay(500);
            var (ma, mb) = await Loads.MeasurePairAsync(a, b, options.Warmup, options.Duration, options.Rounds, Say);
            foreach (var m in new[] { ma, mb })
            {
                Say("large  " + m);
                report.Add("large  " + m);
            }
            return (ma, mb);
        }
        var none = Figures.None.Hello;
        var createBody = System.Text.Json.JsonSerializer.Serialize(Scenarios.CreateBody(smallData));
        var createBodyLarge = System.Text.Json.JsonSerializer.Serialize(Scenarios.CreateBody(data));
        var (createSmall, createLarge) = options.QueueOnly ? (none, none) : await Pair(
            await One("create at the small size", smallServer.BaseAddress, "POST", "/v1/servicerequests/en-US", smallToken, createBody),
            await One("create at the large size", largeServer.BaseAddress, "POST", "/v1/servicerequests/en-US", largeToken, createBodyLarge));
        var (readSmall, readLarge) = options.QueueOnly ? (none, none) : await Pair(
            await One("read at the small size", smallServer.BaseAddress, "GET", $"/v1/supportcontracts/{smallData.ContractId}", smallToken),
            await One("read at the large size", largeServer.BaseAddress, "GET", $"/v1/supportcontracts/{data.ContractId}", largeToken));
        // The queue as a support engineer: its first page, and a page deep inside it (the small
        // queue: 3,000 active requests of 1,000 organizations and those the figures opened; the
        // large one 300,000 active ones of 100,000 organizations).
        var smallStaff = await new Api(smallHttp).TokenAsync(smallData.Staff);
        var largeStaff = await new Api(largeHttp).TokenAsync(data.Staff);
        var (queueSmall, queueLarge) = await Pair(
            await One("queue first page, small size", smallServer.BaseAddress, "GET", "/v1/queue", smallStaff),
            await One("queue first page, large size", largeServer.BaseAddress, "GET", "/v1/queue", largeStaff));
        var (smallDeep, smallRows) = await Scenarios.DeepQueueTokenAsync(smallHttp, smallStaff, 10);
        var (largeDeep, largeRows) = await Scenarios.DeepQueueTokenAsync(largeHttp, largeStaff, 750);
        var depth = string.Create(Invariant, $"queue deep page: after {smallRows:N0} rows at the small size, {largeRows:N0} at the large size");
        Say(depth);
        report.Add(depth);
        var (deepSmall, deepLarge) = await Pair(
            await One("queue deep page, small size", smallServer.BaseAddress, "GET", "/v1/queue?continuationToken=" + Uri.EscapeDataString(smallDeep), smallStaff),
            await One("queue deep page, large size", largeServer.BaseAddress, "GET", "/v1/queue?continuationToken=" + Uri.EscapeDataString(largeDeep), largeStaff));
        foreach (var (cs, id, deep, size) in new[] { (smallConnectionString, smallData.StaffId, smallDeep, "small"), (connectionString, data.StaffId, largeDeep, "large") })
        {
            foreach (var planLine in await QueuePlan.RunAsync(options.Provider, cs, id, deep, size))
            {
                Say(planLine);
                report.Add(planLine);
            }
        }
        if (options.QueueOnly)
            return new Large(none, none, none, none, queueSmall, queueLarge, deepSmall, deepLarge, Figures.None, report);
        await smallServer.DisposeAsync();
        var figures = await MeasureAsync(options, largeServer.BaseAddress, connectionString, data, "large");
        report.AddRange(figures.All.Select(m => "large  " + m));
        return new Large(createSmall, createLarge, readSmall, readLarge, queueSmall, queueLarge, deepSmall, deepLarge, figures, report);
    }

    private static async Task<string> WrkScriptAsync(BenchOptions options)
    {
        var path = Path.Combine(options.WorkDir, "requests.lua");
        await File.WriteAllTextAsync(path, WrkLoad.Script);
        return path;
    }

    private static Task<ServerProcess> Start(BenchOptions options, string connectionString, Credentials operatorAccount, string log, IReadOnlyDictionary<string, string>? environment = null) =>
        ServerProcess.StartAsync(options, connectionString, operatorAccount, log, environment);

    /// <summary>
    /// The two workloads and their baselines at one size: hello and read, create and raw, in
    /// alternating rounds; then mixed traffic (three reads to one create) at 500 connections.
    /// HTTP through wrk; the raw transaction through pgbench (PostgreSQL) or the raw driver (SQLite).
    /// </summary>
    private static async Task<Figures> MeasureAsync(BenchOptions options, Uri baseAddress, string connectionString, BenchData data, string size)
    {
        var workloads = await WorkloadSeed.WriteAsync(options.Provider, connectionString, data);
        var files = await WorkloadSeed.WriteFilesAsync(Path.Combine(options.WorkDir, "wrk-" + size), ServerProcess.SigningKey, workloads, data);
        Say($"{size}: workloads seeded: {WorkloadSeed.Accounts:N0} accounts, each with its own contract (spread) and all on one (hot); raw contracts of both shapes");
        var script = await WrkScriptAsync(options);
        var c = options.Concurrency;
        var raws = new List<IOperation>();
        try
        {
            async Task<ILoad> Raw(string name, bool hot)
            {
                if (options.Provider == Provider.Postgres)
                {
                    var file = Path.Combine(options.WorkDir, $"pgbench-{size}-{(hot ? "hot" : "spread")}.sql");
                    await File.WriteAllTextAsync(file, PgbenchLoad.Script(data, hot, c));
                    return new PgbenchLoad(name, connectionString, file, c, options.WorkDir);
                }
                var ops = new List<IOperation>();
                for (var i = 0; i < c; i++)
                {
                    var mine = hot ? [workloads.RawHotContract] : workloads.RawSpreadContracts.Where((_, n) => n % c == i).ToList();
                    ops.Add(await SqliteConsume.OpenAsync(connectionString, data, mine));
                }
                raws.AddRange(ops);
                return new DriverLoad(name, ops, options.Ramp);
            }
            var rawTool = options.Provider == Provider.Postgres ? "pgbench" : "driver";
            async Task<(Measurement, Measurement)> Pair(ILoad a, ILoad b)
            {
                await Task.Delay(500);
                var (ma, mb) = await Loads.MeasurePairAsync(a, b, options.Warmup, options.Duration, options.Rounds, Say);
                Say($"{size}  {ma}");
                Say($"{size}  {mb}");
                return (ma, mb);
            }
            var (hello, read) = await Pair(new WrkLoad("hello GET /bench/hello", baseAddress, files.Hello, c, script),
                new WrkLoad("read GET contract, spread", baseAddress, files.Read, c, script));
            var (createSpread, rawSpread) = await Pair(new WrkLoad("create POST, spread", baseAddress, files.CreateSpread, c, script),
                await Raw($"raw consume, spread ({rawTool})", hot: false));
            var (createHot, rawHot) = await Pair(new WrkLoad("create POST, hot", baseAddress, files.CreateHot, c, script),
                await Raw($"raw consume, hot ({rawTool})", hot: true));
            await Task.Delay(500);
            var mixed = await Loads.MeasureOneAsync(new WrkLoad("mixed 3 reads : 1 create", baseAddress, files.Mixed, MixedConnections, script, block: 4),
                options.Warmup, options.Duration);
            Say($"{size}  {mixed}");
            return new Figures(hello, read, createSpread, rawSpread, createHot, rawHot, mixed);
        }
        finally
        {
            foreach (var op in raws)
                await op.DisposeAsync();
        }
    }

    public const int MixedConnections = 500;

    private static async Task<string> CountsAsync(Provider provider, string connectionString)
    {
        await using var db = Database.Context(provider, connectionString);
        var organizations = await db.Organizations.CountAsync();
        var users = await db.Users.CountAsync();
        var contracts = await db.SupportContracts.CountAsync();
        var links = await db.ContractLinks.CountAsync();
        var requests = await db.ServiceRequests.CountAsync();
        var ledger = await db.Ledger.CountAsync();
        var audit = await db.AuditEntries.CountAsync();
        return string.Create(Invariant,
            $"{organizations:N0} organizations, {users:N0} users, {contracts:N0} contracts, {links:N0} links, {requests:N0} service requests, {ledger:N0} ledger entries, {audit:N0} audit entries");
    }

    /// <summary>
    /// In the database, for every contract with a limit: the balance equals the sum of its
    /// ledger and its last entry's BalanceAfter; and there are as many consume entries as service
    /// requests holding a consumed incident. (VerifyLedger, the service's own check, cannot run
    /// here on SQLite: see the README.)
    /// </summary>
    private static async Task<(long Contracts, long Mismatches)> VerifyAsync(Provider provider, string connectionString)
    {
        await using var db = Database.Context(provider, connectionString);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        async Task<long> Scalar(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 600;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), Invariant);
        }
        var contracts = await Scalar("SELECT COUNT(*) FROM \"SupportContracts\" WHERE \"TotalIncidents\" IS NOT NULL");
        var mismatches = await Scalar("""
            SELECT COUNT(*) FROM "SupportContracts" c
            LEFT JOIN (SELECT "SupportContractId", SUM("Delta") AS "Sum", MAX("Id") AS "Last" FROM "Ledger" GROUP BY "SupportContractId") l ON l."SupportContractId" = c."Id"
            LEFT JOIN "Ledger" e ON e."Id" = l."Last"
            WHERE c."TotalIncidents" IS NOT NULL
              AND (l."Sum" IS NULL OR l."Sum" <> c."RemainingIncidents" OR COALESCE(e."BalanceAfter", -1) <> c."RemainingIncidents")
            """);
        var unexplained = await Scalar("""
            SELECT (SELECT COUNT(*) FROM "ServiceRequests" WHERE "Charge" = 'Consumed') - (SELECT COUNT(*) FROM "Ledger" WHERE "Kind" = 'Consume')
            """);
        return (contracts, mismatches + Math.Abs(unexplained));
    }

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }

    internal static string Ratio(string provider, string name, double value) =>
        string.Create(Invariant, $"{provider} {name} = {value:F2}");

    public static void Say(string line) => Console.WriteLine(line);
}
