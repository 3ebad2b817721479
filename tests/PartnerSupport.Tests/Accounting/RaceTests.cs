using System.Diagnostics;
using System.Net;
using PartnerSupport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PartnerSupport.Tests.Accounting;

/// <summary>Many clients at once on one contract: exactly as many succeed as there are incidents.</summary>
public sealed class RaceTests(ITestOutputHelper output) : AppTest
{
    private const int Clients = 64;
    private const int Rounds = 5;

    [SkippableFact]
    public async Task Sixty_four_concurrent_creates_on_ten_incidents_give_exactly_ten_requests_round_after_round()
    {
        var setup = await Scenario.StartAsync(_app);
        var product = await setup.ProductAsync();
        for (var round = 1; round <= Rounds; round++)
        {
            // An Action Pack contract (10 incidents), linked by two accounts that both hammer it.
            var c = await setup.LinkedContractAsync("actionPack", engineers: 1);
            var clock = Stopwatch.StartNew();
            var responses = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i =>
                Books.CreateAsync(c.Users[i % c.Users.Count], product, c.ContractId, title: $"Round {round} client {i}")));
            output.WriteLine($"round {round}: {Clients} creates in {clock.ElapsedMilliseconds} ms: "
                + string.Join(", ", responses.GroupBy(r => $"{(int)r.Status} {r.Json?["code"]}".Trim()).Select(g => $"{g.Count()} x {g.Key}")));

            Assert.DoesNotContain(responses, r => (int)r.Status >= 500);
            var created = responses.Where(r => r.Status == HttpStatusCode.Created).ToList();
            Assert.Equal(10, created.Count);
            Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => r.AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining"));
            // Each success saw its own balance: 9, 8, ..., 0, each once.
            Assert.Equal(Enumerable.Range(0, 10), created.Select(r => r.Int("remainingIncidents")!.Value).Order());

            Assert.Equal(0, await Books.RemainingAsync(c.Admin, c.ContractId));
            var ledger = await Books.AssertBalancedAsync(c.Admin, c.ContractId);
            var consumes = ledger.OfKind("consume");
            Assert.Equal(10, consumes.Count);
            Assert.Equal(created.Select(r => r.Id).Order(), consumes.Select(e => e.Str("serviceRequestId")).Order());
            Assert.Equal(10, (await c.Admin.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK).Items().Count);
        }

        var check = await LedgerCheck.RunAsync(_db);
        Assert.True(check.ExitCode == 0, check.ToString());
    }
}
