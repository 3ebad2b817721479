using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PartnerSupport.Bench;

/// <summary>
/// Where the time of one request goes. The server is restarted with EF Core's connection,
/// transaction and command events and ASP.NET Core's request events logged on single lines with
/// microsecond timestamps and the request's scope; one client then sends requests one after the
/// other. Per request the log gives the number of connections opened, SQL commands and
/// transactions, the time spent inside SQL commands and inside the transaction, and the server's
/// own time; the client adds its latency. Logging makes every figure slower: use the counts and
/// the shares, not the absolute times.
/// </summary>
public static partial class Profiler
{
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Debug",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Transaction"] = "Debug",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Connection"] = "Debug",
        ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
        ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.ffffff ",
    };

    public sealed record Profile(string Name, int Requests, double ClientMs, double ServerMs, double Connections, double Commands, double Transactions, double SqlMs, double TransactionMs, IReadOnlyList<string> Statements)
    {
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture,
                $"{Name,-8} n={Requests}: client {ClientMs:F2} ms, server {ServerMs:F2} ms, {Connections:F1} connection opens, {Commands:F1} SQL commands ({SqlMs:F2} ms), {Transactions:F1} transactions ({TransactionMs:F2} ms inside)");
            foreach (var statement in Statements)
                text.Append("\n           ").Append(statement);
            return text.ToString();
        }
    }

    public static async Task<IReadOnlyList<Profile>> RunAsync(BenchOptions options, ServerProcess server, BenchData data)
    {
        using var http = Clients.Create(server.BaseAddress, 1);
        var token = await new Api(http).TokenAsync(data.User);
        var scenarios = new (string Name, Func<int, Task<IOperation>> Factory)[]
        {
            ("hello", Scenarios.Hello(http)),
            ("read", Scenarios.Read(http, data, token)),
            ("create", Scenarios.Create(http, data, token)),
        };
        var profiles = new List<Profile>();
        foreach (var (name, factory) in scenarios)
        {
            await using var op = await factory(0);
            for (var i = 0; i < 10; i++)
                await op.RunAsync(CancellationToken.None);
            await Task.Delay(500);
            var from = new FileInfo(server.LogPath).Length;
            var client = new List<double>();
            for (var i = 0; i < options.ProfileRequests; i++)
            {
                var clock = Stopwatch.StartNew();
                await op.RunAsync(CancellationToken.None);
                client.Add(clock.Elapsed.TotalMilliseconds);
            }
            await Task.Delay(1000);
            profiles.Add(Parse(name, ReadFrom(server.LogPath, from), client));
        }
        return profiles;
    }

    private static string ReadFrom(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class RequestTrace
    {
        public double Start;
        public double ServerMs;
        public int Connections;
        public int Commands;
        public int Transactions;
        public double SqlMs;
        public double TransactionMs;
        public double? CommandStarted;
        public double? TransactionStarted;
        public List<string> Statements { get; } = [];
    }

    private static Profile Parse(string name, string log, List<double> client)
    {
        var requests = new Dictionary<string, RequestTrace>();
        foreach (var line in log.Split('\n'))
        {
            var match = LinePattern().Match(line);
            if (!match.Success)
                continue;
            var at = TimeSpan.ParseExact(match.Groups["t"].Value, @"hh\:mm\:ss\.ffffff", CultureInfo.InvariantCulture).TotalMilliseconds;
            var id = RequestIdPattern().Match(line);
            if (!id.Success)
                continue; // background workers, not a request
            if (!requests.TryGetValue(id.Groups[1].Value, out var trace))
                requests[id.Groups[1].Value] = trace = new RequestTrace { Start = at };
            var category = match.Groups["c"].Value;
            var eventId = int.Parse(match.Groups["e"].Value, CultureInfo.InvariantCulture);
            switch (category, eventId)
            {
                case ("Microsoft.AspNetCore.Hosting.Diagnostics", 2):
                    var elapsed = FinishedPattern().Match(line);
                    if (elapsed.Success)
                        trace.ServerMs = double.Parse(elapsed.Groups[1].Value, CultureInfo.InvariantCulture);
                    break;
                case ("Microsoft.EntityFrameworkCore.Database.Connection", 20001):
                    trace.Connections++;
                    break;
                case ("Microsoft.EntityFrameworkCore.Database.Command", 20100):
                    trace.CommandStarted = at;
                    break;
                case ("Microsoft.EntityFrameworkCore.Database.Command", 20101):
                    trace.Commands++;
                    if (trace.CommandStarted is { } started)
                        trace.SqlMs += at - started;
                    trace.CommandStarted = null;
                    var sql = SqlPattern().Match(line);
                    if (sql.Success)
                        trace.Statements.Add(Shorten(sql.Groups[1].Value));
                    break;
                case ("Microsoft.EntityFrameworkCore.Database.Transaction", 20209):
                    trace.TransactionStarted = at;
                    break;
                case ("Microsoft.EntityFrameworkCore.Database.Transaction", 20202):
                    trace.Transactions++;
                    if (trace.TransactionStarted is { } began)
                        trace.TransactionMs += at - began;
                    trace.TransactionStarted = null;
                    trace.Statements.Add("COMMIT");
                    break;
                case ("Microsoft.EntityFrameworkCore.Database.Transaction", 20200):
                    trace.Statements.Add("BEGIN");
                    break;
                default:
                    break;
            }
        }
        var traces = requests.Values.Where(t => t.ServerMs > 0).ToList();
        if (traces.Count == 0)
            return new Profile(name, 0, client.Average(), 0, 0, 0, 0, 0, 0, ["(no request found in the server log)"]);
        return new Profile(name, traces.Count, client.Average(), traces.Average(t => t.ServerMs), traces.Average(t => t.Connections), traces.Average(t => t.Commands),
            traces.Average(t => t.Transactions), traces.Average(t => t.SqlMs), traces.Average(t => t.TransactionMs), traces[^1].Statements);
    }

    private static string Shorten(string sql)
    {
        var flat = WhitespacePattern().Replace(sql, " ").Trim();
        return flat.Length <= 110 ? flat : flat[..107] + "...";
    }

    [GeneratedRegex(@"^(?<t>\d\d:\d\d:\d\d\.\d{6}) \w+: (?<c>[\w.]+)\[(?<e>\d+)\]")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"RequestId:([\w:]+)")]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex(@" - \d{3} .* (\d+(?:\.\d+)?)ms\s*$")]
    private static partial Regex FinishedPattern();

    [GeneratedRegex(@"CommandTimeout='\d+'\]\s*(.*)$")]
    private static partial Regex SqlPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
