using System.Net;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Accounting;

/// <summary>
/// Contracts that decrement on resolution: an open request holds an incident, a resolved one takes
/// it, a cancelled one gives the hold back; no more requests are open than incidents remain.
/// </summary>
public sealed class DecrementOnResolutionTests : AppTest
{
    private Scenario _setup = null!;
    private string _product = "";

    // The maintenance worker (expiries) runs every 100 ms here instead of every minute.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Maintenance:Interval"] = "00:00:00.100" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _setup = await Scenario.StartAsync(_app);
        _product = await _setup.ProductAsync();
    }

    private Task<ApiResponse> SetDecrementOnAsync(ApiClient client, string contractId, string? decrementOn) =>
        client.PatchAsync($"/v1/supportcontracts/{contractId}", new { decrementOn });

    private async Task<LinkedContract> ResolutionContractAsync(int engineers = 0, DateOnly? endDate = null)
    {
        var c = await _setup.LinkedContractAsync(engineers: engineers, endDate: endDate);
        var contract = (await SetDecrementOnAsync(_setup.Operator, c.ContractId, "resolution")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("resolution", contract.Str("decrementOn"));
        return c;
    }

    [SkippableFact]
    public async Task Only_an_operator_may_change_when_a_contract_decrements()
    {
        var c = await _setup.LinkedContractAsync();
        Assert.Equal("creation", (await c.Admin.GetAsync($"/v1/supportcontracts/{c.ContractId}")).Str("decrementOn"));

        (await SetDecrementOnAsync(c.Admin, c.ContractId, "resolution")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await SetDecrementOnAsync(_setup.Operator, c.ContractId, "whenever")).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await SetDecrementOnAsync(_setup.Operator, c.ContractId, null)).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal("creation", (await c.Admin.GetAsync($"/v1/supportcontracts/{c.ContractId}")).Str("decrementOn"));

        (await SetDecrementOnAsync(_setup.Operator, c.ContractId, "resolution")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("resolution", (await c.Admin.GetAsync($"/v1/supportcontracts/{c.ContractId}")).Str("decrementOn"));
        (await SetDecrementOnAsync(_setup.Operator, c.ContractId, "creation")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("creation", (await c.Admin.GetAsync($"/v1/supportcontracts/{c.ContractId}")).Str("decrementOn"));
    }

    [SkippableFact]
    public async Task The_mode_cannot_change_while_requests_are_open_on_the_contract()
    {
        var c = await _setup.LinkedContractAsync();
        var request = (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertStatus(HttpStatusCode.Created);

        (await SetDecrementOnAsync(_setup.Operator, c.ContractId, "resolution")).AssertProblem(HttpStatusCode.Conflict, "contract-has-open-requests");
        Assert.Equal("creation", (await c.Admin.GetAsync($"/v1/supportcontracts/{c.ContractId}")).Str("decrementOn"));

        (await c.Admin.PatchAsync($"/v1/servicerequests/{request.Id}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
        (await SetDecrementOnAsync(_setup.Operator, c.ContractId, "resolution")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(9, await Books.RemainingAsync(c.Admin, c.ContractId));
        await Books.AssertBalancedAsync(c.Admin, c.ContractId);
    }

    [SkippableFact]
    public async Task Open_requests_hold_incidents_without_lowering_the_balance_and_no_more_can_be_opened_than_remain()
    {
        var c = await ResolutionContractAsync();
        var open = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var created = (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertStatus(HttpStatusCode.Created);
            Assert.False(created.Json!["incidentConsumed"]!.GetValue<bool>());
            Assert.Equal(10, created.Int("remainingIncidents"));
            open.Add(created.Id);
        }
        Assert.Equal(10, await Books.RemainingAsync(c.Admin, c.ContractId));

        (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");
        Assert.Equal(10, await Books.RemainingAsync(c.Admin, c.ContractId));
        Assert.Equal(new[] { "grant" }, (await Books.AssertBalancedAsync(c.Admin, c.ContractId)).Select(e => e.Str("kind")));
        Assert.Equal(10, (await c.Admin.GetAsync("/v1/servicerequests")).Items().Count);
    }

    [SkippableFact]
    public async Task Resolving_takes_the_held_incident_and_cancelling_releases_it()
    {
        var c = await ResolutionContractAsync();
        var open = new List<string>();
        for (var i = 0; i < 10; i++)
            open.Add((await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertStatus(HttpStatusCode.Created).Id);

        var resolved = (await c.Admin.PatchAsync($"/v1/servicerequests/{open[0]}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
        Assert.True(resolved.Json!["incidentConsumed"]!.GetValue<bool>());
        Assert.Equal(9, resolved.Int("remainingIncidents"));
        Assert.Equal(9, await Books.RemainingAsync(c.Admin, c.ContractId));
        var consume = Assert.Single((await Books.AssertBalancedAsync(c.Admin, c.ContractId)).OfKind("consume"));
        Assert.Equal(open[0], consume.Str("serviceRequestId"));
        Assert.Equal(-1, consume.Int("delta"));
        // Nine remain and nine are held by open requests: nothing is free yet.
        (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");

        var cancelled = (await c.Admin.PatchAsync($"/v1/servicerequests/{open[1]}", new { status = "closed", resolution = "cancelled" })).AssertStatus(HttpStatusCode.OK);
        Assert.False(cancelled.Json!["incidentConsumed"]!.GetValue<bool>());
        Assert.Equal(9, await Books.RemainingAsync(c.Admin, c.ContractId));
        Assert.Equal(2, (await Books.AssertBalancedAsync(c.Admin, c.ContractId)).Count);

        var replacement = (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertStatus(HttpStatusCode.Created);
        open.Add(replacement.Id);
        (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");

        // Resolve everything still open: the balance reaches zero and never goes below.
        foreach (var id in open.Skip(2))
        {
            (await c.Admin.PatchAsync($"/v1/servicerequests/{id}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
            Assert.True(await Books.RemainingAsync(c.Admin, c.ContractId) >= 0);
        }
        Assert.Equal(0, await Books.RemainingAsync(c.Admin, c.ContractId));
        var ledger = await Books.AssertBalancedAsync(c.Admin, c.ContractId);
        Assert.Equal(10, ledger.OfKind("consume").Count);
        (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");
    }

    [SkippableFact]
    public async Task Reopening_a_resolved_request_gives_the_incident_back_to_hold_it_again()
    {
        var c = await ResolutionContractAsync();
        var request = (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertStatus(HttpStatusCode.Created);
        (await c.Admin.PatchAsync($"/v1/servicerequests/{request.Id}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(9, await Books.RemainingAsync(c.Admin, c.ContractId));

        var reopened = (await c.Admin.PatchAsync($"/v1/servicerequests/{request.Id}", new { status = "open" })).AssertStatus(HttpStatusCode.OK);
        Assert.False(reopened.Json!["incidentConsumed"]!.GetValue<bool>());
        Assert.Equal(10, await Books.RemainingAsync(c.Admin, c.ContractId));
        Assert.Equal(new[] { "grant", "consume", "refund" }, (await Books.AssertBalancedAsync(c.Admin, c.ContractId)).Select(e => e.Str("kind")));

        (await c.Admin.PatchAsync($"/v1/servicerequests/{request.Id}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(9, await Books.RemainingAsync(c.Admin, c.ContractId));
        await Books.AssertBalancedAsync(c.Admin, c.ContractId);
    }

    [SkippableFact]
    public async Task Concurrent_creates_never_hold_more_incidents_than_remain()
    {
        var c = await ResolutionContractAsync(engineers: 3);

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Books.CreateAsync(c.Users[i % 4], _product, c.ContractId)));

        Assert.Equal(10, responses.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => r.AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining"));
        Assert.Equal(10, await Books.RemainingAsync(c.Admin, c.ContractId));

        // Every one of them can still be resolved: each hold is backed by an incident.
        foreach (var created in responses.Where(r => r.Status == HttpStatusCode.Created))
            (await c.Admin.PatchAsync($"/v1/servicerequests/{created.Id}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(0, await Books.RemainingAsync(c.Admin, c.ContractId));
        await Books.AssertBalancedAsync(c.Admin, c.ContractId);
    }

    [SkippableFact]
    public async Task A_request_still_open_when_its_contract_expires_can_be_closed_as_resolved()
    {
        var today = DateOnly.FromDateTime(_app.Time.GetUtcNow().UtcDateTime);
        var c = await ResolutionContractAsync(endDate: today.AddDays(3));
        var request = (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertStatus(HttpStatusCode.Created);

        _app.Time.Advance(TimeSpan.FromDays(5));
        var admin = await _app.SignInAsync(c.AdminEmail);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await Books.LedgerAsync(admin, c.ContractId)).OfKind("expire").Count == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the expiry was not recorded within 15 s");
            await Task.Delay(50);
        }

        var closed = await admin.PatchAsync($"/v1/servicerequests/{request.Id}", new { status = "closed", resolution = "resolved" });
        closed.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("closed", (await admin.GetAsync($"/v1/servicerequests/{request.Id}")).Str("status"));
        Assert.True(await Books.RemainingAsync(admin, c.ContractId) >= 0);
        await Books.AssertBalancedAsync(admin, c.ContractId);
        var check = await LedgerCheck.RunAsync(_db);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [SkippableFact]
    public async Task After_expiry_only_unheld_incidents_expire_and_a_released_hold_expires_at_once()
    {
        var today = DateOnly.FromDateTime(_app.Time.GetUtcNow().UtcDateTime);
        var c = await ResolutionContractAsync(endDate: today.AddDays(3));
        var resolved = (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertStatus(HttpStatusCode.Created);
        var cancelled = (await Books.CreateAsync(c.Admin, _product, c.ContractId)).AssertStatus(HttpStatusCode.Created);

        _app.Time.Advance(TimeSpan.FromDays(5));
        var admin = await _app.SignInAsync(c.AdminEmail);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await Books.LedgerAsync(admin, c.ContractId)).OfKind("expire").Count == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the expiry was not recorded within 15 s");
            await Task.Delay(50);
        }
        var expiry = Assert.Single((await Books.LedgerAsync(admin, c.ContractId)).OfKind("expire"));
        Assert.Equal(-8, expiry.Int("delta"));
        Assert.Equal(2, await Books.RemainingAsync(admin, c.ContractId));

        (await admin.PatchAsync($"/v1/servicerequests/{resolved.Id}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(1, await Books.RemainingAsync(admin, c.ContractId));
        (await admin.PatchAsync($"/v1/servicerequests/{cancelled.Id}", new { status = "closed", resolution = "cancelled" })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(0, await Books.RemainingAsync(admin, c.ContractId));
        var ledger = await Books.AssertBalancedAsync(admin, c.ContractId);
        Assert.Equal(2, ledger.OfKind("expire").Count);
        Assert.Equal(cancelled.Id, ledger.OfKind("expire")[^1].Str("serviceRequestId"));
    }
}
