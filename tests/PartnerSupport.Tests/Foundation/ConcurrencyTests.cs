using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Foundation;

/// <summary>Concurrent requests never overdraw a contract.</summary>
public sealed class ConcurrencyTests : AppTest
{
    private const int Incidents = 10;
    private const int Attempts = 40;
    private const int Rounds = 3;

    [SkippableFact]
    public async Task The_last_incident_is_never_taken_twice()
    {
        var s = await Scenario.StartAsync(_app);
        var product = await s.ProductAsync("Windows Server", "2025");

        for (var round = 0; round < Rounds; round++)
        {
            // A fresh Action Pack contract each round, linked to two accounts that each sign in
            // three times: the attempts come from six clients at once.
            var org = await s.OrganizationAsync($"Round {round}");
            var admin = await s.UserAsync(org, $"admin{round}@fabrikam.example", "globalAdmin");
            await s.MembershipAsync(org, "actionPack", null);
            var ids = await s.ActivateAsync(admin);
            await s.UserAsync(null, $"alex{round}@personal.example");
            var holders = new[] { $"admin{round}@fabrikam.example", $"alex{round}@personal.example" };
            var clients = new List<ApiClient>();
            foreach (var holder in holders)
            {
                var first = await _app.SignInAsync(holder);
                (await first.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
                clients.AddRange([first, await _app.SignInAsync(holder), await _app.SignInAsync(holder)]);
            }
            Assert.Equal(Incidents, (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));

            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, Attempts).Select(async i =>
            {
                await go.Task;
                return await clients[i % clients.Count].PostAsync("/v1/servicerequests/en-US",
                    Scenario.Request(product, ids.SupportContractId, $"Round {round} attempt {i}"));
            }).ToList();
            go.SetResult();
            var responses = await Task.WhenAll(attempts);

            var unexpected = responses.Where(r => r.Status is not (HttpStatusCode.Created or HttpStatusCode.Conflict)).ToList();
            Assert.True(unexpected.Count == 0, $"round {round}: {string.Join("\n", unexpected)}");
            var created = responses.Where(r => r.Status == HttpStatusCode.Created).ToList();
            var refused = responses.Where(r => r.Status == HttpStatusCode.Conflict).ToList();
            Assert.Equal(Incidents, created.Count);
            Assert.Equal(Attempts - Incidents, refused.Count);
            foreach (var r in refused)
                r.AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");

            // Each success saw its own balance: 9, 8, ... 0, each exactly once.
            Assert.All(created, r => Assert.True(r.Json!["incidentConsumed"]!.GetValue<bool>()));
            Assert.Equal(Enumerable.Range(0, Incidents), created.Select(r => r.Int("remainingIncidents")!.Value).Order());
            Assert.Equal(Incidents, created.Select(r => r.Id).Distinct().Count());

            var contract = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal(0, contract.Int("remainingIncidents"));
            Assert.Equal("exhausted", contract.Str("status"));

            var ledger = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items();
            var grant = Assert.Single(ledger, e => e!.Str("kind") == "grant")!;
            Assert.Equal(Incidents, grant.Int("delta"));
            var consumed = ledger.Where(e => e!.Str("kind") == "consume").ToList();
            Assert.Equal(Incidents, consumed.Count);
            Assert.All(consumed, e => Assert.Equal(-1, e!.Int("delta")));
            Assert.Equal(Incidents + 1, ledger.Count);
            Assert.Equal(0, ledger.Sum(e => e!.Int("delta")));
            Assert.Equal(Enumerable.Range(0, Incidents), consumed.Select(e => e!.Int("balanceAfter")!.Value).Order());
            Assert.Equal(created.Select(r => r.Id).Order(StringComparer.Ordinal), consumed.Select(e => e!.Str("serviceRequestId")).Order(StringComparer.Ordinal));

            var contractId = Guid.Parse(ids.SupportContractId);
            var stored = await _app.WithDbAsync(db => db.ServiceRequests.CountAsync(r => r.SupportContractId == contractId));
            Assert.Equal(Incidents, stored);
            (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)))
                .AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");
        }
    }
}
