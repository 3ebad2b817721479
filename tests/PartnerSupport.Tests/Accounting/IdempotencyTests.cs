using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Plans;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PartnerSupport.Tests.Accounting;

/// <summary>A client retry with the same Idempotency-Key never consumes twice.</summary>
public sealed class IdempotencyTests(ITestOutputHelper output) : AppTest
{
    private Scenario _setup = null!;
    private string _product = "";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Idempotency:Retention"] = "00:10:00" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _setup = await Scenario.StartAsync(_app);
        _product = await _setup.ProductAsync();
    }

    private static async Task<int> CountRequestsAsync(ApiClient client) => (await client.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK).Items().Count;

    [SkippableFact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_answer_and_consumes_nothing_more()
    {
        var c = await _setup.LinkedContractAsync();

        var first = (await Books.CreateAsync(c.Admin, _product, c.ContractId, "retry-1")).AssertStatus(HttpStatusCode.Created);
        var retry = (await Books.CreateAsync(c.Admin, _product, c.ContractId, "retry-1")).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(first.Text, retry.Text);
        Assert.Equal(9, retry.Int("remainingIncidents"));
        Assert.Equal(9, await Books.RemainingAsync(c.Admin, c.ContractId));
        var consume = Assert.Single((await Books.AssertBalancedAsync(c.Admin, c.ContractId)).OfKind("consume"));
        Assert.Equal(first.Id, consume.Str("serviceRequestId"));
        Assert.Equal(1, await CountRequestsAsync(c.Admin));
    }

    [SkippableFact]
    public async Task A_retry_of_the_request_that_took_the_last_incident_still_gets_its_first_answer()
    {
        var c = await _setup.LinkedContractAsync();
        for (var i = 0; i < 9; i++)
            (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertStatus(HttpStatusCode.Created);

        var last = (await Books.CreateAsync(c.Admin, _product, c.ContractId, "the-last-one")).AssertStatus(HttpStatusCode.Created);
        var retry = (await Books.CreateAsync(c.Admin, _product, c.ContractId, "the-last-one")).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(last.Id, retry.Id);
        Assert.Equal(0, retry.Int("remainingIncidents"));
        (await Books.CreateAsync(c.Admin, _product, c.ContractId, "a-new-one")).AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");
        Assert.Equal(10, (await Books.AssertBalancedAsync(c.Admin, c.ContractId)).OfKind("consume").Count);
    }

    [SkippableFact]
    public async Task The_same_key_with_another_body_is_refused_as_reused_and_consumes_nothing()
    {
        var c = await _setup.LinkedContractAsync();
        var first = (await Books.CreateAsync(c.Admin, _product, c.ContractId, "reused", title: "Printer on fire")).AssertStatus(HttpStatusCode.Created);

        (await Books.CreateAsync(c.Admin, _product, c.ContractId, "reused", title: "Another problem"))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        (await c.Admin.PostAsync("/v1/servicerequests/pt-BR", Books.Request(_product, c.ContractId, "Printer on fire"),
            new Dictionary<string, string> { ["Idempotency-Key"] = "reused" }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        Assert.Equal(9, await Books.RemainingAsync(c.Admin, c.ContractId));
        Assert.Single((await Books.AssertBalancedAsync(c.Admin, c.ContractId)).OfKind("consume"));
        Assert.Equal(1, await CountRequestsAsync(c.Admin));
        // The key still answers its own request.
        Assert.Equal(first.Id, (await Books.CreateAsync(c.Admin, _product, c.ContractId, "reused", title: "Printer on fire")).AssertStatus(HttpStatusCode.Created).Id);
    }

    [SkippableFact]
    public async Task Different_keys_create_different_requests()
    {
        var c = await _setup.LinkedContractAsync();

        var a = (await Books.CreateAsync(c.Admin, _product, c.ContractId, "key-a")).AssertStatus(HttpStatusCode.Created);
        var b = (await Books.CreateAsync(c.Admin, _product, c.ContractId, "key-b")).AssertStatus(HttpStatusCode.Created);

        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(8, await Books.RemainingAsync(c.Admin, c.ContractId));
        Assert.Equal(2, (await Books.AssertBalancedAsync(c.Admin, c.ContractId)).OfKind("consume").Count);
        Assert.Equal(2, await CountRequestsAsync(c.Admin));
    }

    [SkippableFact]
    public async Task The_same_key_sent_by_two_accounts_creates_a_request_for_each()
    {
        var c = await _setup.LinkedContractAsync(engineers: 1);

        var mine = (await Books.CreateAsync(c.Users[0], _product, c.ContractId, "shared-key")).AssertStatus(HttpStatusCode.Created);
        var theirs = (await Books.CreateAsync(c.Users[1], _product, c.ContractId, "shared-key")).AssertStatus(HttpStatusCode.Created);
        var myRetry = (await Books.CreateAsync(c.Users[0], _product, c.ContractId, "shared-key")).AssertStatus(HttpStatusCode.Created);
        var theirRetry = (await Books.CreateAsync(c.Users[1], _product, c.ContractId, "shared-key")).AssertStatus(HttpStatusCode.Created);

        Assert.NotEqual(mine.Id, theirs.Id);
        Assert.Equal(mine.Id, myRetry.Id);
        Assert.Equal(theirs.Id, theirRetry.Id);
        Assert.Equal(8, await Books.RemainingAsync(c.Admin, c.ContractId));
        Assert.Equal(2, (await Books.AssertBalancedAsync(c.Admin, c.ContractId)).OfKind("consume").Count);
    }

    [SkippableFact]
    public async Task Twenty_concurrent_sends_with_one_key_create_one_request_and_consume_one_incident()
    {
        var c = await _setup.LinkedContractAsync();
        for (var round = 1; round <= 3; round++)
        {
            var key = $"concurrent-{round}";
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Books.CreateAsync(c.Admin, _product, c.ContractId, key)));
            output.WriteLine($"round {round}: " + string.Join(", ", responses.GroupBy(r => $"{(int)r.Status} {r.Json?["code"]}".Trim()).Select(g => $"{g.Count()} x {g.Key}")));

            Assert.All(responses, r => r.AssertStatus(HttpStatusCode.Created));
            var id = Assert.Single(responses.Select(r => r.Id).Distinct());
            Assert.All(responses, r => Assert.Equal(10 - round, r.Int("remainingIncidents")));
            Assert.Equal(10 - round, await Books.RemainingAsync(c.Admin, c.ContractId));
            var consumes = (await Books.AssertBalancedAsync(c.Admin, c.ContractId)).OfKind("consume");
            Assert.Equal(round, consumes.Count);
            Assert.Equal(id, consumes[^1].Str("serviceRequestId"));
            Assert.Equal(round, await CountRequestsAsync(c.Admin));
        }
    }

    [SkippableFact]
    public async Task A_key_is_remembered_for_the_retention_period_and_then_creates_a_new_request()
    {
        var c = await _setup.LinkedContractAsync();
        var first = (await Books.CreateAsync(c.Admin, _product, c.ContractId, "kept-ten-minutes")).AssertStatus(HttpStatusCode.Created);

        _app.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(first.Id, (await Books.CreateAsync(c.Admin, _product, c.ContractId, "kept-ten-minutes")).AssertStatus(HttpStatusCode.Created).Id);
        Assert.Equal(9, await Books.RemainingAsync(c.Admin, c.ContractId));

        _app.Time.Advance(TimeSpan.FromMinutes(2));
        var later = (await Books.CreateAsync(c.Admin, _product, c.ContractId, "kept-ten-minutes")).AssertStatus(HttpStatusCode.Created);
        Assert.NotEqual(first.Id, later.Id);
        Assert.Equal(8, later.Int("remainingIncidents"));
        // From now on the key answers with the new request.
        Assert.Equal(later.Id, (await Books.CreateAsync(c.Admin, _product, c.ContractId, "kept-ten-minutes")).AssertStatus(HttpStatusCode.Created).Id);

        Assert.Equal(8, await Books.RemainingAsync(c.Admin, c.ContractId));
        Assert.Equal(2, (await Books.AssertBalancedAsync(c.Admin, c.ContractId)).OfKind("consume").Count);
        Assert.Equal(2, await CountRequestsAsync(c.Admin));
    }

    [SkippableFact]
    public async Task An_unusable_key_is_refused_as_validation_failed_and_consumes_nothing()
    {
        var c = await _setup.LinkedContractAsync();

        (await Books.CreateAsync(c.Admin, _product, c.ContractId, new string('k', 201))).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");

        Assert.Equal(10, await Books.RemainingAsync(c.Admin, c.ContractId));
        Assert.Equal(0, await CountRequestsAsync(c.Admin));
    }

    [SkippableFact]
    public async Task Racing_sends_of_one_portal_form_buy_once_and_every_send_gets_that_purchase_or_is_told_it_is_under_way()
    {
        var org = await _setup.OrganizationAsync("Proseware");
        var buyer = await _setup.UserAsync(org, "buyer@proseware.example", "globalAdmin");
        var me = (await buyer.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        var caller = new Caller(Guid.Parse(me.Id), "buyer@proseware.example", "Buyer", Guid.Parse(org), Roles.GlobalAdmin);

        async Task<Result<Guid>> SendAsync(string key, string plan)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var purchase = scope.ServiceProvider.GetRequiredService<PurchasePlan>();
            return await scope.ServiceProvider.GetRequiredService<IdempotencyGuard>().OnceAsync(caller, key, "plan.purchase\n" + plan, async () =>
            {
                var bought = await purchase.RunAsync(caller, plan);
                return bought.IsSuccess ? bought.Value.Contract.Id : bought.Error!;
            }, CancellationToken.None);
        }

        var sends = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SendAsync("form-1", "advanced"))));
        var bought = sends.Where(r => r.IsSuccess).Select(r => r.Value).Distinct().ToList();
        Assert.Single(bought);
        Assert.All(sends.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCodes.IdempotencyKeyInUse, r.Error!.Code));
        // Sent again once the first has finished: the same purchase, nothing bought.
        var again = await SendAsync("form-1", "advanced");
        Assert.Equal(bought[0], again.Value);
        // The same key for another plan is another form's key reused: refused, nothing bought.
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, (await SendAsync("form-1", "premier")).Error!.Code);
        // A refused change frees its key: sent again, it is tried again (not answered as under way).
        Assert.Equal(ErrorCodes.PlanNotFound, (await SendAsync("form-2", "no-such-plan")).Error!.Code);
        Assert.Equal(ErrorCodes.PlanNotFound, (await SendAsync("form-2", "no-such-plan")).Error!.Code);
        var contracts = (await buyer.GetAsync("/v1/supportcontracts")).AssertStatus(HttpStatusCode.OK);
        Assert.Single(contracts.Items("available"));
    }
}
