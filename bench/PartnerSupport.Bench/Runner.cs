using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PartnerSupport.Bench;

/// <summary>One provider: start the server, seed, measure, profile, and optionally the same at the large size.</summary>
public static class Runner
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public sealed record Figures(Measurement Hello, Measurement Read, Measurement Create, Measurement Raw, Measurement CreateOne, Measurement RawOne)
    {
        public IEnumerable<Measurement> All => [Hello, Read, Create, Raw, CreateOne, RawOne];
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
            small = await MeasureAsync(options, server.BaseAddress, connectionString, data, "small");
        }
        report.AddRange(small.All.Select(m => "small  " + m));
        var oneClient = Ratio(options.Name, "create/raw with one client", small.CreateOne.Throughput / small.RawOne.Throughput);
        report.Add(oneClient);

        if (options.Profile)
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
        var ratios = new List<string>
        {
            Ratio(options.Name, "create/raw", small.Create.Throughput / small.Raw.Throughput),
            Ratio(options.Name, "read/hello", small.Read.Throughput / small.Hello.Throughput),
        };
        if (large is not null)
        {
            ratios.Add(Ratio(options.Name, "large create/raw", large.Create.Throughput / large.Raw.Throughput));
            ratios.Add(Ratio(options.Name, "large read/hello", large.Read.Throughput / large.Hello.Throughput));
            ratios.Add(Ratio(options.Name, "large/small create p99", large.CreateLarge.P99Ms / large.CreateSmall.P99Ms)
                + string.Create(Invariant, $" ({large.CreateSmall.P99Ms:F1} -> {large.CreateLarge.P99Ms:F1} ms)"));
            ratios.Add(Ratio(options.Name, "large/small read p99", large.ReadLarge.P99Ms / large.ReadSmall.P99Ms)
                + string.Create(Invariant, $" ({large.ReadSmall.P99Ms:F1} -> {large.ReadLarge.P99Ms:F1} ms)"));
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
        Say(oneClient);
        foreach (var line in ratios)
            Say(line);
        return errors > 0 ? 1 : 0;
    }

    /// <summary>The large size, measured beside the small one: both servers run, their rounds alternate.</summary>
    public sealed record Large(
        Measurement CreateSmall, Measurement CreateLarge, Measurement ReadSmall, Measurement ReadLarge,
        Measurement QueueSmall, Measurement QueueLarge, Measurement DeepSmall, Measurement DeepLarge,
        Measurement Hello, Measurement Read, Measurement Create, Measurement Raw, IReadOnlyList<string> Report)
    {
        public IEnumerable<Measurement> Measurements => [CreateSmall, CreateLarge, ReadSmall, ReadLarge, QueueSmall, QueueLarge, DeepSmall, DeepLarge, Hello, Read, Create, Raw];
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

        await using var smallServer = await Start(options, smallConnectionString, operatorAccount, "server.log");
        await using var largeServer = await Start(options, connectionString, operatorAccount, "server-large.log");
        using var smallHttp = Clients.Create(smallServer.BaseAddress, options.Concurrency);
        using var largeHttp = Clients.Create(largeServer.BaseAddress, options.Concurrency);
        var smallToken = await new Api(smallHttp).TokenAsync(smallData.User);
        var largeToken = await new Api(largeHttp).TokenAsync(data.User);
        async Task<(Measurement, Measurement)> Pair(string a, Func<int, Task<IOperation>> fa, string b, Func<int, Task<IOperation>> fb)
        {
            await Task.Delay(500);
            var (ma, mb) = await LoadDriver.MeasurePairAsync((a, fa), (b, fb), options.Concurrency, options.Warmup, options.Duration, options.Rounds, options.Ramp, Say);
            foreach (var m in new[] { ma, mb })
            {
                Say("large  " + m);
                report.Add("large  " + m);
            }
            return (ma, mb);
        }
        var (createSmall, createLarge) = await Pair("create at the small size", Scenarios.Create(smallHttp, smallData, smallToken), "create at the large size", Scenarios.Create(largeHttp, data, largeToken));
        var (readSmall, readLarge) = await Pair("read at the small size", Scenarios.Read(smallHttp, smallData, smallToken), "read at the large size", Scenarios.Read(largeHttp, data, largeToken));
        // The queue as a support engineer: its first page, and a page deep inside it (the small
        // queue holds the requests the create figures opened; the large one 300,000 open ones).
        var smallStaff = await new Api(smallHttp).TokenAsync(smallData.Staff);
        var largeStaff = await new Api(largeHttp).TokenAsync(data.Staff);
        var (queueSmall, queueLarge) = await Pair("queue first page, small size", Scenarios.Queue(smallHttp, smallStaff), "queue first page, large size", Scenarios.Queue(largeHttp, largeStaff));
        var (smallDeep, smallRows) = await Scenarios.DeepQueueTokenAsync(smallHttp, smallStaff, 10);
        var (largeDeep, largeRows) = await Scenarios.DeepQueueTokenAsync(largeHttp, largeStaff, 750);
        var depth = string.Create(Invariant, $"queue deep page: after {smallRows:N0} rows at the small size, {largeRows:N0} at the large size");
        Say(depth);
        report.Add(depth);
        var (deepSmall, deepLarge) = await Pair("queue deep page, small size", Scenarios.Queue(smallHttp, smallStaff, smallDeep), "queue deep page, large size", Scenarios.Queue(largeHttp, largeStaff, largeDeep));
        var (hello, read) = await Pair("hello GET /bench/hello", Scenarios.Hello(largeHttp), "read GET contract", Scenarios.Read(largeHttp, data, largeToken));
        var (create, raw) = await Pair("create POST servicerequest", Scenarios.Create(largeHttp, data, largeToken), "raw consume transaction", Scenarios.Raw(options.Provider, connectionString, data));
        return new Large(createSmall, createLarge, readSmall, readLarge, queueSmall, queueLarge, deepSmall, deepLarge, hello, read, create, raw, report);
    }

    private static Task<ServerProcess> Start(BenchOptions options, string connectionString, Credentials operatorAccount, string log, IReadOnlyDictionary<string, string>? environment = null) =>
        ServerProcess.StartAsync(options, connectionString, operatorAccount, log, environment);

    private static async Task<Figures> MeasureAsync(BenchOptions options, Uri baseAddress, string connectionString, BenchData data, string size)
    {
        using var http = Clients.Create(baseAddress, options.Concurrency);
        var token = await new Api(http).TokenAsync(data.User);
        async Task<(Measurement, Measurement)> Pair(string a, Func<int, Task<IOperation>> fa, string b, Func<int, Task<IOperation>> fb, int concurrency = 0, double share = 1)
        {
            await Task.Delay(500);
            var (ma, mb) = await LoadDriver.MeasurePairAsync((a, fa), (b, fb), concurrency > 0 ? concurrency : options.Concurrency,
                options.Warmup * share, options.Duration * share, Math.Max(1, (int)(options.Rounds * share)), options.Ramp, Say);
            Say($"{size}  {ma}");
            Say($"{size}  {mb}");
            return (ma, mb);
        }
        var (hello, read) = await Pair("hello GET /bench/hello", Scenarios.Hello(http), "read GET contract", Scenarios.Read(http, data, token));
        var (create, raw) = await Pair("create POST servicerequest", Scenarios.Create(http, data, token), "raw consume transaction", Scenarios.Raw(options.Provider, connectionString, data));
        // One client: the cost of one create beside one raw transaction, without waiting for locks.
        var (createOne, rawOne) = await Pair("create, one client", Scenarios.Create(http, data, token), "raw, one client", Scenarios.Raw(options.Provider, connectionString, data), 1, 0.5);
        return new Figures(hello, read, create, raw, createOne, rawOne);
    }

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

    private static string Ratio(string provider, string name, double value) =>
        string.Create(Invariant, $"{provider} {name} = {value:F2}");

    public static void Say(string line) => Console.WriteLine(line);
}
