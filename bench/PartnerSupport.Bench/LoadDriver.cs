using System.Diagnostics;
using System.Globalization;

namespace PartnerSupport.Bench;

/// <summary>One client's unit of work: an HTTP request, or one raw database transaction.</summary>
public interface IOperation : IAsyncDisposable
{
    /// <summary>True when the answer was the expected one.</summary>
    ValueTask<bool> RunAsync(CancellationToken ct);
}

public sealed record Measurement(string Name, int Concurrency, long Count, long Errors, double Seconds, double P50Ms, double P99Ms, double MaxMs, string? FirstError)
{
    public double Throughput => Seconds > 0 ? Count / Seconds : 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-26} c={Concurrency,-3} {Throughput,9:F1} /s  p50 {P50Ms,7:F2} ms  p99 {P99Ms,7:F2} ms  max {MaxMs,7:F1} ms  n={Count}{(Errors > 0 ? $"  ERRORS={Errors} ({FirstError})" : "")}");
}

/// <summary>
/// A closed loop: each of N clients issues its next operation as soon as the previous one
/// answered. Two workloads that are to be compared (create and raw, read and hello) run in
/// alternating rounds, so that whatever else the machine does at the time weighs on both alike:
/// after a warm-up of each, A for duration/rounds, then B, then A again, and so on. Each round
/// starts with a short ramp that is not counted (all clients start at once); after it, an
/// operation counts when it completes inside the round's window, so count / total window is the
/// throughput. Every loop is bounded by a deadline and by a maximum count.
/// </summary>
public static class LoadDriver
{
    private const long MaxOperationsPerClient = 5_000_000;

    public static async Task<(Measurement A, Measurement B)> MeasurePairAsync(
        (string Name, Func<int, Task<IOperation>> Factory) a, (string Name, Func<int, Task<IOperation>> Factory) b,
        int concurrency, TimeSpan warmup, TimeSpan duration, int rounds, TimeSpan ramp, Action<string>? progress = null)
    {
        var opsA = new List<IOperation>();
        var opsB = new List<IOperation>();
        try
        {
            for (var i = 0; i < concurrency; i++)
            {
                opsA.Add(await a.Factory(i));
                opsB.Add(await b.Factory(i));
            }
            await RoundAsync(opsA, TimeSpan.Zero, warmup);
            await RoundAsync(opsB, TimeSpan.Zero, warmup);
            var round = duration / rounds;
            var resultsA = new List<RoundResult>();
            var resultsB = new List<RoundResult>();
            for (var r = 0; r < rounds; r++)
            {
                resultsA.Add(await RoundAsync(opsA, ramp, round));
                resultsB.Add(await RoundAsync(opsB, ramp, round));
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"    round {r + 1}/{rounds}: {a.Name} {resultsA[^1].Latencies.Count / round.TotalSeconds:F0} /s, {b.Name} {resultsB[^1].Latencies.Count / round.TotalSeconds:F0} /s"));
            }
            return (Summarize(a.Name, concurrency, duration, resultsA), Summarize(b.Name, concurrency, duration, resultsB));
        }
        finally
        {
            foreach (var op in opsA.Concat(opsB))
                await op.DisposeAsync();
        }
    }

    /// <summary>One workload alone, for one window after a ramp (the load command, for profiling).</summary>
    public static async Task<Measurement> MeasureOneAsync(string name, Func<int, Task<IOperation>> factory, int concurrency, TimeSpan ramp, TimeSpan duration)
    {
        var ops = new List<IOperation>();
        try
        {
            for (var i = 0; i < concurrency; i++)
                ops.Add(await factory(i));
            return Summarize(name, concurrency, duration, [await RoundAsync(ops, ramp, duration)]);
        }
        finally
        {
            foreach (var op in ops)
                await op.DisposeAsync();
        }
    }

    /// <summary>One round of the given operations (already opened), summarized: for <see cref="DriverLoad"/>.</summary>
    public static async Task<Measurement> RoundMeasureAsync(string name, IReadOnlyList<IOperation> operations, TimeSpan ramp, TimeSpan window) =>
        Summarize(name, operations.Count, window, [await RoundAsync(operations, ramp, window)]);

    private sealed record RoundResult(List<double> Latencies, long Errors, string? FirstError);

    private static async Task<RoundResult> RoundAsync(IReadOnlyList<IOperation> operations, TimeSpan ramp, TimeSpan window)
    {
        var clock = Stopwatch.StartNew();
        var from = (long)(ramp.TotalSeconds * Stopwatch.Frequency);
        var deadline = from + (long)(window.TotalSeconds * Stopwatch.Frequency);
        // A hung request must not hang the run: cancel well after the deadline.
        using var abort = new CancellationTokenSource(ramp + window + TimeSpan.FromSeconds(60));
        var results = await Task.WhenAll(operations.Select(op => Task.Run(() => ClientAsync(op, clock, from, deadline, abort.Token))));
        return new RoundResult(
            results.SelectMany(r => r.Latencies).ToList(),
            results.Sum(r => r.Errors),
            results.Select(r => r.FirstError).FirstOrDefault(e => e is not null));
    }

    private static async Task<RoundResult> ClientAsync(IOperation op, Stopwatch clock, long from, long deadline, CancellationToken ct)
    {
        var latencies = new List<double>(1024);
        long errors = 0;
        string? firstError = null;
        for (long n = 0; n < MaxOperationsPerClient && !ct.IsCancellationRequested; n++)
        {
            var start = clock.ElapsedTicks;
            if (start >= deadline)
                break;
            bool ok;
            try
            {
                ok = await op.RunAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                ok = false;
                firstError ??= $"{ex.GetType().Name}: {ex.Message}";
            }
            var end = clock.ElapsedTicks;
            if (end < from || end > deadline)
                continue; // finished in the ramp or after the window: not counted
            if (ok)
            {
                latencies.Add((end - start) * 1000.0 / Stopwatch.Frequency);
            }
            else
            {
                errors++;
                firstError ??= "unexpected answer";
            }
        }
        return new RoundResult(latencies, errors, firstError);
    }

    private static Measurement Summarize(string name, int concurrency, TimeSpan duration, List<RoundResult> rounds)
    {
        var latencies = rounds.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        return new Measurement(name, concurrency, latencies.Length, rounds.Sum(r => r.Errors), duration.TotalSeconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length > 0 ? latencies[^1] : 0,
            rounds.Select(r => r.FirstError).FirstOrDefault(e => e is not null));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
