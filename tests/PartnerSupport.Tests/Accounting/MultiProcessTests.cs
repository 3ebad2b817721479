using System.Diagnostics;
using System.Net;
using PartnerSupport.Storage;
using PartnerSupport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PartnerSupport.Tests.Accounting;

/// <summary>
/// Two real server processes on one database (PostgreSQL, or one SQLite file shared by two
/// processes of one machine) share the contracts' balances exactly.
/// </summary>
public sealed class MultiProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 64;
    private const int Rounds = 3;

    private readonly List<ServerProcess> _servers = [];
    // Several real server processes on one database, not the in-process AppTest host.
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
            await server.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static ApiClient SameAccountOn(ServerProcess server, ApiClient client)
    {
        var other = server.Client();
        other.Http.DefaultRequestHeaders.Authorization = client.Http.DefaultRequestHeaders.Authorization;
        return other;
    }

    [SkippableFact]
    public async Task Two_servers_on_one_database_give_exactly_ten_of_sixty_four_concurrent_creates_on_a_ten_incident_contract()
    {
        // One signing key for both, as a load-balanced deployment has: a token works on either server.
        var a = await ServerProcess.StartAsync(_db, "server A");
        _servers.Add(a);
        var b = await ServerProcess.StartAsync(_db, "server B");
        _servers.Add(b);

        var setup = await Scenario.StartAsync(a);
        var product = await setup.ProductAsync();
        for (var round = 1; round <= Rounds; round++)
        {
            // Set up through A (both servers' activation workers race to complete the activation).
            var c = await setup.LinkedContractAsync("actionPack", engineers: 1);
            var onA = c.Users;
            var onB = c.Users.Select(u => SameAccountOn(b, u)).ToList();
            Assert.Equal(10, await Books.RemainingAsync(onB[0], c.ContractId));

            var clock = Stopwatch.StartNew();
            var responses = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i =>
            {
                var client = (i % 2 == 0 ? onA : onB)[(i / 2) % onA.Count];
                return Books.CreateAsync(client, product, c.ContractId, title: $"Round {round} client {i}");
            }));
            output.WriteLine($"round {round}: {Clients} creates over two servers in {clock.ElapsedMilliseconds} ms: "
                + string.Join(", ", responses.Select((r, i) => (Server: i % 2 == 0 ? "A" : "B", r)).GroupBy(x => $"{x.Server} {(int)x.r.Status} {x.r.Json?["code"]}".Trim()).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}")));

            Assert.DoesNotContain(responses, r => (int)r.Status >= 500);
            var created = responses.Where(r => r.Status == HttpStatusCode.Created).ToList();
            Assert.Equal(10, created.Count);
            Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => r.AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining"));
            Assert.Equal(Enumerable.Range(0, 10), created.Select(r => r.Int("remainingIncidents")!.Value).Order());

            Assert.Equal(0, await Books.RemainingAsync(onA[0], c.ContractId));
            Assert.Equal(0, await Books.RemainingAsync(onB[0], c.ContractId));
            var ledger = await Books.AssertBalancedAsync(onB[0], c.ContractId);
            Assert.Single(ledger.OfKind("grant"));
            Assert.Equal(created.Select(r => r.Id).Order(), ledger.OfKind("consume").Select(e => e.Str("serviceRequestId")).Order());
        }

        Assert.False(a.HasExited, a.Log);
        Assert.False(b.HasExited, b.Log);
        var check = await LedgerCheck.RunAsync(_db);
        Assert.True(check.ExitCode == 0, check.ToString());
    }
}
