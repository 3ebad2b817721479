using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PartnerSupport.Bench;

/// <summary>One workload that can be run for a round: wrk over HTTP, pgbench, or the in-process raw driver.</summary>
public interface ILoad
{
    string Name { get; }

    Task<Measurement> RoundAsync(TimeSpan duration, CancellationToken ct = default);
}

/// <summary>Two workloads in alternating rounds after a warm-up of each, as LoadDriver does, and their rounds summed.</summary>
public static class Loads
{
    public static async Task<(Measurement A, Measurement B)> MeasurePairAsync(ILoad a, ILoad b, TimeSpan warmup, TimeSpan duration, int rounds, Action<string>? progress = null)
    {
        if (warmup > TimeSpan.Zero)
        {
            await a.RoundAsync(warmup);
            await b.RoundAsync(warmup);
        }
        var ra = new List<Measurement>();
        var rb = new List<Measurement>();
        for (var r = 0; r < rounds; r++)
        {
            ra.Add(await a.RoundAsync(duration / rounds));
            rb.Add(await b.RoundAsync(duration / rounds));
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"    round {r + 1}/{rounds}: {a.Name} {ra[^1].Throughput:F0} /s, {b.Name} {rb[^1].Throughput:F0} /s"));
        }
        return (Sum(a.Name, ra), Sum(b.Name, rb));
    }

    public static async Task<Measurement> MeasureOneAsync(ILoad load, TimeSpan warmup, TimeSpan duration)
    {
        if (warmup > TimeSpan.Zero)
            await load.RoundAsync(warmup);
        return await load.RoundAsync(duration);
    }

    /// <summary>
    /// Rounds summed: answers over the windows' total length; p50 and p99 the rounds' own, weighted
    /// by their answers (rounds cannot be merged exactly without every latency); max the largest.
    /// </summary>
    public static Measurement Sum(string name, IReadOnlyList<Measurement> rounds)
    {
        var count = rounds.Sum(m => m.Count);
        double Weighted(Func<Measurement, double> f) => count == 0 ? 0 : rounds.Sum(m => f(m) * m.Count) / count;
        return new Measurement(name, rounds[0].Concurrency, count, rounds.Sum(m => m.Errors), rounds.Sum(m => m.Seconds),
            Weighted(m => m.P50Ms), Weighted(m => m.P99Ms), rounds.Max(m => m.MaxMs), rounds.Select(m => m.FirstError).FirstOrDefault(e => e is not null));
    }

    /// <summary>Runs a tool to its end (bounded: killed past <paramref name="limit"/>); answers its standard output.</summary>
    public static async Task<string> RunToolAsync(ProcessStartInfo psi, TimeSpan limit, CancellationToken ct)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{psi.FileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{psi.FileName} ran past {limit.TotalSeconds:F0} s");
        }
        var output = await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{psi.FileName} exited with {process.ExitCode}: {await stderr}{output}");
        return output;
    }
}

/// <summary>
/// wrk (a C load generator: a fraction of the server's CPU per request) with bench/…/requests.lua:
/// each line of a request file is one request, pre-formatted when wrk starts; each wrk thread takes
/// its share of the lines (in blocks, so that a block of the mixed workload stays together) and
/// sends them in turn, one after the other on each of its connections.
/// </summary>
public sealed partial class WrkLoad(string name, Uri baseAddress, string requestFile, int connections, string scriptPath, int threads = 2, int block = 1) : ILoad
{
    public const string Script = """
        -- Written by the bench (Loads.cs). args: request file, threads, block size.
        -- Each line: METHOD <tab> PATH <tab> TOKEN <tab> BODY (token and body may be empty).
        local counter = 0
        function setup(thread)
          thread:set("id", counter)
          counter = counter + 1
        end

        function init(args)
          local nthreads = tonumber(args[2])
          local block = tonumber(args[3])
          local all = {}
          for line in io.lines(args[1]) do
            local method, path, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
            local headers = {}
            if token ~= "" then headers["Authorization"] = "Bearer " .. token end
            if body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
            table.insert(all, wrk.format(method, path, headers, body))
          end
          mine = {}
          for i = 1, #all do
            if math.floor((i - 1) / block) % nthreads == id then table.insert(mine, all[i]) end
          end
          if #mine == 0 then mine = { all[(id % #all) + 1] } end
          n = 0
        end

        function request()
          n = n + 1
          if n > #mine then n = 1 end
          return mine[n]
        end

        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("WRK requests=%d duration_us=%d status=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d max_us=%d\n",
            summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
            latency:percentile(50.0), latency:percentile(99.0), latency.max))
        end
        """;

    public string Name => name;

    public async Task<Measurement> RoundAsync(TimeSpan duration, CancellationToken ct = default)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var psi = new ProcessStartInfo("wrk");
        foreach (var arg in new[]
                 {
                     "-t", Math.Min(threads, connections).ToString(CultureInfo.InvariantCulture),
                     "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s",
                     "--timeout", "30s", "-s", scriptPath, baseAddress.ToString().TrimEnd('/'),
                     "--", requestFile, Math.Min(threads, connections).ToString(CultureInfo.InvariantCulture), block.ToString(CultureInfo.InvariantCulture),
                 })
            psi.ArgumentList.Add(arg);
        var output = await Loads.RunToolAsync(psi, TimeSpan.FromSeconds(seconds + 90), ct);
        var m = Summary().Match(output);
        if (!m.Success)
            throw new InvalidOperationException($"wrk printed no summary: {output}");
        long Get(string g) => long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        var errors = Get("status") + Get("connect") + Get("read") + Get("write") + Get("timeout");
        var requests = Get("requests");
        return new Measurement(name, connections, requests - Get("status"), errors, Get("duration") / 1e6,
            Get("p50") / 1000.0, Get("p99") / 1000.0, Get("max") / 1000.0,
            errors > 0 ? $"wrk: {Get("status")} non-2xx answers, {Get("connect")} connect, {Get("read")} read, {Get("write")} write errors, {Get("timeout")} timeouts" : null);
    }

    [GeneratedRegex(@"WRK requests=(?<requests>\d+) duration_us=(?<duration>\d+) status=(?<status>\d+) connect=(?<connect>\d+) read=(?<read>\d+) write=(?<write>\d+) timeout=(?<timeout>\d+) p50_us=(?<p50>\d+) p99_us=(?<p99>\d+) max_us=(?<max>\d+)")]
    private static partial Regex Summary();
}

/// <summary>
/// pgbench with the consume transaction as a custom script (simple protocol, so that the three
/// INSERTs go as one message, as Npgsql batches them): BEGIN with the conditional UPDATE … RETURNING
/// (its answer kept with \gset), the INSERT batch, COMMIT. Per-transaction latencies come from
/// pgbench's log (-l).
/// </summary>
public sealed class PgbenchLoad(string name, string connectionString, string scriptPath, int clients, string workDir) : ILoad
{
    public string Name => name;

    /// <summary>The script: "spread" gives client c contracts c, c + clients, ...; "hot" one contract for all.</summary>
    public static string Script(BenchData data, bool hot, int clients)
    {
        static string Q(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
        var slice = Math.Max(1, WorkloadSeed.Accounts / clients);
        var pick = hot
            ? $"\\set n {WorkloadSeed.Accounts}"
            : $"\\set n :client_id % {clients} + {clients} * random(0, {slice - 1})";
        var id = "(lpad(to_hex(:a), 16, '0') || lpad(to_hex(:b), 16, '0'))::uuid";
        var contract = "('b0000000-0000-7000-8000-' || lpad((:n)::text, 12, '0'))::uuid";
        var email = Q(data.User.Email);
        return $"""
            {pick}
            \set a random(1, 9223372036854775806)
            \set b random(1, 9223372036854775806)
            BEGIN \; {ConsumeSql.Update.Replace("@contract", contract, StringComparison.Ordinal)} \gset
            {ConsumeSql.InsertRequest.Replace("@id", id, StringComparison.Ordinal).Replace("@email", email, StringComparison.Ordinal).Replace("@user", Q(data.UserId.ToString()), StringComparison.Ordinal)
                .Replace("@now", "now()", StringComparison.Ordinal).Replace("@description", Q(Scenarios.Description), StringComparison.Ordinal).Replace("@org", Q(data.OrganizationId.ToString()), StringComparison.Ordinal)
                .Replace("@product", Q(data.ProductId.ToString()), StringComparison.Ordinal).Replace("@balance", ":RemainingIncidents", StringComparison.Ordinal).Replace("@contract", contract, StringComparison.Ordinal)
                .Replace("@title", Q(Scenarios.Title), StringComparison.Ordinal)} \; {ConsumeSql.InsertLedger.Replace("@email", email, StringComparison.Ordinal).Replace("@now", "now()", StringComparison.Ordinal)
                .Replace("@balance", ":RemainingIncidents", StringComparison.Ordinal).Replace("@title", Q(Scenarios.Title), StringComparison.Ordinal).Replace("@id", id, StringComparison.Ordinal).Replace("@contract", contract, StringComparison.Ordinal)} \; {ConsumeSql.InsertAudit.Replace("@email", email, StringComparison.Ordinal).Replace("@user", Q(data.UserId.ToString()), StringComparison.Ordinal)
                .Replace("@now", "now()", StringComparison.Ordinal).Replace("@details", "'contract ' || " + contract + "::text || ', Consumed'", StringComparison.Ordinal).Replace("@target", id + "::text", StringComparison.Ordinal)};
            COMMIT;

            """;
    }

    public async Task<Measurement> RoundAsync(TimeSpan duration, CancellationToken ct = default)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var logs = Path.Combine(workDir, "pgbench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(logs);
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var psi = new ProcessStartInfo("pgbench") { WorkingDirectory = logs };
        foreach (var arg in new[]
                 {
                     "-n", "-M", "simple", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(2, clients).ToString(CultureInfo.InvariantCulture),
                     "-T", seconds.ToString(CultureInfo.InvariantCulture), "-l", "-f", scriptPath,
                     "-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username!, cs.Database!,
                 })
            psi.ArgumentList.Add(arg);
        if (!string.IsNullOrEmpty(cs.Password))
            psi.Environment["PGPASSWORD"] = cs.Password;
        try
        {
            var output = await Loads.RunToolAsync(psi, TimeSpan.FromSeconds(seconds + 90), ct);
            // Each log line: client_id transaction_no latency_us script_no epoch_s epoch_us.
            var latencies = Directory.GetFiles(logs, "pgbench_log.*").SelectMany(File.ReadLines)
                .Select(l => l.Split(' ')).Where(f => f.Length >= 3 && f[2] != "failed" && f[2] != "skipped")
                .Select(f => double.Parse(f[2], CultureInfo.InvariantCulture) / 1000.0).ToArray();
            Array.Sort(latencies);
            var failed = Regex.Match(output, @"number of failed transactions: (\d+)") is { Success: true } fm ? long.Parse(fm.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            double P(double p) => latencies.Length == 0 ? 0 : latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Length) - 1, 0, latencies.Length - 1)];
            return new Measurement(name, clients, latencies.Length, failed, seconds, P(0.5), P(0.99), latencies.Length > 0 ? latencies[^1] : 0,
                failed > 0 ? $"pgbench: {failed} failed transactions" : latencies.Length == 0 ? "pgbench: no transaction" : null);
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }
}

/// <summary>The in-process raw driver (Microsoft.Data.Sqlite), one connection per client, as a load of rounds.</summary>
public sealed class DriverLoad(string name, IReadOnlyList<IOperation> operations, TimeSpan ramp) : ILoad
{
    public string Name => name;

    public Task<Measurement> RoundAsync(TimeSpan duration, CancellationToken ct = default) =>
        LoadDriver.RoundMeasureAsync(name, operations, ramp, duration);
}
