using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using PartnerSupport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PartnerSupport.Tests.Accounting;

/// <summary>A server killed without warning loses nothing it acknowledged and leaves balanced books.</summary>
public sealed class CrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Contracts = 3;
    private const int IncidentsEach = 20;
    private const int Attempts = Contracts * IncidentsEach;

    private readonly List<ServerProcess> _servers = [];
    // Real server processes killed and restarted on one database, not the in-process AppTest host.
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
            await server.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static string Key(int attempt) => $"crash-stream-{attempt}";

    private static string Title(int attempt) => $"Crash stream request {attempt}";

    [SkippableFact]
    public async Task After_a_SIGKILL_during_a_stream_of_creates_every_acknowledged_request_exists_and_the_books_balance()
    {
        var phases = Stopwatch.StartNew();
        var first = await ServerProcess.StartAsync(_db, "first server");
        _servers.Add(first);
        var setup = await Scenario.StartAsync(first);
        var product = await setup.ProductAsync();
        var contracts = new List<LinkedContract>();
        for (var i = 0; i < Contracts; i++)
        {
            contracts.Add(await setup.LinkedContractAsync("gold", "Data Analytics"));
            Assert.Equal(IncidentsEach, await Books.RemainingAsync(contracts[i].Admin, contracts[i].ContractId));
        }
        output.WriteLine($"{phases.ElapsedMilliseconds} ms: server started, {Contracts} contracts linked");

        // One client sends creates one after another, each with its own Idempotency-Key; attempt n
        // goes to contract n % Contracts. The stream ends at the first attempt that gets no answer.
        var acknowledged = new ConcurrentDictionary<int, string>();
        var refused = new ConcurrentQueue<string>();
        var stream = Task.Run(async () =>
        {
            for (var n = 0; n < Attempts; n++)
            {
                var c = contracts[n % Contracts];
                try
                {
                    var response = await Books.CreateAsync(c.Admin, product, c.ContractId, Key(n), Title(n));
                    if (response.Status == HttpStatusCode.Created)
                        acknowledged[n] = response.Id;
                    else
                        refused.Enqueue($"attempt {n}: {response}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    return n;
                }
            }
            return -1;
        });

        // Kill in the middle of the traffic: about 0.75 s after the first acknowledgement, or at 30.
        var clock = Stopwatch.StartNew();
        var firstAck = TimeSpan.Zero;
        while (!stream.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (firstAck == TimeSpan.Zero && !acknowledged.IsEmpty)
                firstAck = clock.Elapsed;
            if (acknowledged.Count >= 30 || (firstAck > TimeSpan.Zero && clock.Elapsed - firstAck >= TimeSpan.FromSeconds(0.75) && acknowledged.Count >= 3))
                break;
            await Task.Delay(10);
        }
        Assert.False(stream.IsCompleted, $"the stream ended before the kill ({acknowledged.Count} acknowledged): {string.Join("; ", refused)}");
        first.Kill();
        var killedAt = clock.Elapsed;
        Assert.True(first.HasExited);
        var lost = await stream.WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"killed after {killedAt.TotalMilliseconds:F0} ms of traffic: {acknowledged.Count} acknowledged, attempt {lost} unanswered");
        Assert.Empty(refused);
        Assert.True(lost >= 0, "the client never noticed the server's death");
        Assert.Equal(lost, acknowledged.Count);

        var restarted = await ServerProcess.StartAsync(_db, "restarted server");
        _servers.Add(restarted);
        output.WriteLine($"{phases.ElapsedMilliseconds} ms: restarted");
        var admins = contracts.Select(c =>
        {
            // The signing key survived in its file: tokens issued before the crash still work.
            var client = restarted.Client();
            client.Http.DefaultRequestHeaders.Authorization = c.Admin.Http.DefaultRequestHeaders.Authorization;
            return client;
        }).ToList();

        foreach (var (attempt, id) in acknowledged)
        {
            var request = (await admins[attempt % Contracts].GetAsync($"/v1/servicerequests/{id}")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal(Title(attempt), request.Str("title"));
        }
        var existing = new List<JsonNode>();
        for (var i = 0; i < Contracts; i++)
        {
            var onContract = await RequestsOnContractAsync(admins[i], contracts[i].ContractId);
            existing.AddRange(onContract);
            Assert.Equal(IncidentsEach - onContract.Count, await Books.RemainingAsync(admins[i], contracts[i].ContractId));
            Assert.Equal(onContract.Count, (await Books.AssertBalancedAsync(admins[i], contracts[i].ContractId)).OfKind("consume").Count);
        }
        // Besides the acknowledged ones, only the request in flight at the kill may exist: all or nothing of it.
        var inFlight = existing.Where(r => r.Str("title") == Title(lost)).ToList();
        Assert.Equal(acknowledged.Count + inFlight.Count, existing.Count);
        Assert.InRange(inFlight.Count, 0, 1);
        var check = await LedgerCheck.RunAsync(_db);
        Assert.True(check.ExitCode == 0, check.ToString());

        // The client retries the attempt it got no answer for, with its key: whether or not the
        // server committed it before dying, it ends up as exactly one request.
        var owner = lost % Contracts;
        var retried = (await Books.CreateAsync(admins[owner], product, contracts[owner].ContractId, Key(lost), Title(lost))).AssertStatus(HttpStatusCode.Created);
        if (inFlight.Count == 1)
            Assert.Equal(inFlight[0].Str("id"), retried.Id);
        var total = 0;
        for (var i = 0; i < Contracts; i++)
        {
            var count = (await RequestsOnContractAsync(admins[i], contracts[i].ContractId)).Count;
            total += count;
            Assert.Equal(IncidentsEach - count, await Books.RemainingAsync(admins[i], contracts[i].ContractId));
            await Books.AssertBalancedAsync(admins[i], contracts[i].ContractId);
        }
        Assert.Equal(acknowledged.Count + 1, total);
        check = await LedgerCheck.RunAsync(_db);
        Assert.True(check.ExitCode == 0, check.ToString());
        output.WriteLine($"{phases.ElapsedMilliseconds} ms: checked; the request in flight at the kill had {(inFlight.Count == 1 ? "been committed" : "not been committed")}");
    }

    private static async Task<List<JsonNode>> RequestsOnContractAsync(ApiClient admin, string contractId)
    {
        var page = (await admin.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK);
        Assert.Null(page.Json!["continuationToken"]?.GetValue<string>());
        return [.. page.Items().Where(r => r!["supportContractId"]?.GetValue<string>() == contractId).Select(r => r!)];
    }
}
