using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Accounting;

/// <summary>The ledger explains every balance: the shown balance is its sum, entry by entry.</summary>
public sealed class LedgerTests : AppTest
{
    // The maintenance worker records expiries; it runs every 100 ms here instead of every minute.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Maintenance:Interval"] = "00:00:00.100" };

    [SkippableFact]
    public async Task Grants_consumes_refunds_reopenings_and_the_expiry_are_entries_whose_running_sum_is_the_balance_shown()
    {
        var setup = await Scenario.StartAsync(_app);
        var product = await setup.ProductAsync();
        var today = DateOnly.FromDateTime(_app.Time.GetUtcNow().UtcDateTime);
        var c = await setup.LinkedContractAsync("gold", "Data Analytics", engineers: 1, endDate: today.AddDays(5));
        var (admin, engineer) = (c.Admin, c.Users[1]);
        var (adminEmail, engineerEmail) = (c.AdminEmail, c.Emails[1]);
        Assert.Equal(20, await Books.RemainingAsync(admin, c.ContractId));

        var first = (await Books.CreateAsync(admin, product, c.ContractId, title: "First problem")).AssertStatus(HttpStatusCode.Created);
        var second = (await Books.CreateAsync(engineer, product, c.ContractId, title: "Second problem")).AssertStatus(HttpStatusCode.Created);
        var third = (await Books.CreateAsync(admin, product, c.ContractId, title: "Third problem")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(17, third.Int("remainingIncidents"));
        (await admin.PatchAsync($"/v1/servicerequests/{first.Id}", new { status = "closed", resolution = "duplicate" })).AssertStatus(HttpStatusCode.OK);
        (await engineer.PatchAsync($"/v1/servicerequests/{first.Id}", new { status = "open" })).AssertStatus(HttpStatusCode.OK);
        (await admin.PatchAsync($"/v1/servicerequests/{second.Id}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
        (await engineer.PatchAsync($"/v1/servicerequests/{third.Id}", new { status = "closed", resolution = "productBug" })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(18, await Books.RemainingAsync(admin, c.ContractId));
        await Books.AssertBalancedAsync(admin, c.ContractId);

        // The membership (and so the contract) ends in five days; a week later the worker records it.
        _app.Time.Advance(TimeSpan.FromDays(7));
        var expiredAt = _app.Time.GetUtcNow().UtcDateTime;
        admin = await _app.SignInAsync(adminEmail);
        await WaitForAsync(async () => (await Books.LedgerAsync(admin, c.ContractId)).OfKind("expire").Count > 0, "the expiry entry");

        var ledger = await Books.AssertBalancedAsync(admin, c.ContractId);
        Assert.Equal(new[] { "grant", "consume", "consume", "consume", "refund", "consume", "refund", "expire" }, ledger.Select(e => e.Str("kind")));
        Assert.Equal(new[] { 20, -1, -1, -1, 1, -1, 1, -18 }, ledger.Select(e => e.Int("delta")!.Value));
        Assert.Equal(new[] { 20, 19, 18, 17, 18, 17, 18, 0 }, ledger.Select(e => e.Int("balanceAfter")!.Value));
        // Users' changes name the user; the worker's grant and expiry name no user of the organization.
        Assert.Equal(
            new[] { adminEmail, engineerEmail, adminEmail, adminEmail, engineerEmail, engineerEmail },
            ledger.Skip(1).Take(6).Select(e => e.Str("actor")));
        Assert.All(new[] { ledger[0], ledger[^1] }, e => Assert.DoesNotContain(e.Str("actor"), new[] { adminEmail, engineerEmail }));
        Assert.Equal(
            new[] { null, first.Id, second.Id, third.Id, first.Id, first.Id, third.Id, null },
            ledger.Select(e => e["serviceRequestId"]?.GetValue<string>()));
        Assert.All(ledger, e => Assert.False(string.IsNullOrWhiteSpace(e.Str("actor")), $"every entry names its actor: {e.ToJsonString()}"));
        Assert.All(ledger, e => Assert.False(string.IsNullOrWhiteSpace(e["note"]?.GetValue<string>()), $"every entry gives its reason: {e.ToJsonString()}"));
        Assert.Contains("First problem", ledger[1].Str("note"), StringComparison.Ordinal);
        Assert.Contains("duplicate", ledger[4].Str("note"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("bug", ledger[6].Str("note"), StringComparison.OrdinalIgnoreCase);
        var times = ledger.Select(e => e["at"]!.GetValue<DateTime>()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.True(times[^1] >= expiredAt.AddMinutes(-1), $"the expiry is dated when it was recorded ({times[^1]:O}), not before");

        var contract = (await admin.GetAsync($"/v1/supportcontracts/{c.ContractId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(0, contract.Int("remainingIncidents"));
        Assert.Equal("expired", contract.Str("status"));
        var check = await LedgerCheck.RunAsync(_db);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [SkippableFact]
    public async Task The_ledger_check_passes_on_consistent_books_and_fails_naming_the_contract_whose_balance_was_tampered_with()
    {
        var setup = await Scenario.StartAsync(_app);
        var product = await setup.ProductAsync();
        var tampered = await setup.LinkedContractAsync("silver", "Data Analytics");
        var untouched = await setup.LinkedContractAsync("actionPack");
        foreach (var c in new[] { tampered, untouched })
        {
            var a = (await Books.CreateAsync(c.Admin, product, c.ContractId)).AssertStatus(HttpStatusCode.Created);
            (await Books.CreateAsync(c.Admin, product, c.ContractId)).AssertStatus(HttpStatusCode.Created);
            (await c.Admin.PatchAsync($"/v1/servicerequests/{a.Id}", new { status = "closed", resolution = "cancelled" })).AssertStatus(HttpStatusCode.OK);
        }

        var ok = await LedgerCheck.RunAsync(_db);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Matches(@"\b2 contract", ok.Output);
        Assert.DoesNotContain(tampered.ContractId, ok.Output + ok.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(untouched.ContractId, ok.Output + ok.Error, StringComparison.OrdinalIgnoreCase);

        // A balance changed behind the ledger's back (a hand-made UPDATE, a bug, a restore gone wrong).
        var id = Guid.Parse(tampered.ContractId);
        var changed = await _app.WithDbAsync(db => db.SupportContracts.Where(c => c.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RemainingIncidents, c => c.RemainingIncidents + 3)));
        Assert.Equal(1, changed);

        var bad = await LedgerCheck.RunAsync(_db);
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Contains(tampered.ContractId, bad.Output + bad.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(untouched.ContractId, bad.Output + bad.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"\b2 contract", bad.Output);
    }

    [SkippableFact]
    public async Task The_ledger_check_covers_an_installation_with_more_contracts_than_SQLite_takes_parameters()
    {
        // SQLite refuses a statement with more than 32,766 parameters; the check once sent one per contract.
        const int contracts = 33_000;
        var setup = await Scenario.StartAsync(_app);
        var organizationId = Guid.Parse(await setup.OrganizationAsync());
        var now = _app.Time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Guid tampered = default;
        await _app.WithDbAsync(async db =>
        {
            for (var i = 0; i < contracts; i++)
            {
                var (contract, grant) = PartnerSupport.Contracts.SupportContract.Issue(
                    "Bulk " + i, PartnerSupport.Contracts.ContractSource.Purchase, PartnerSupport.Contracts.ContractScope.All, 10,
                    today, today.AddYears(1), organizationId, null, "test", "bulk", now);
                db.SupportContracts.Add(contract);
                db.Ledger.Add(grant);
                tampered = contract.Id;
            }
            return await db.SaveChangesAsync();
        });

        var ok = await LedgerCheck.RunAsync(_db);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("33000 contract(s) checked, 0 mismatch", ok.Output, StringComparison.Ordinal);

        await _app.WithDbAsync(db => db.SupportContracts.Where(c => c.Id == tampered)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RemainingIncidents, 9)));
        var bad = await LedgerCheck.RunAsync(_db);
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Contains(tampered.ToString(), bad.Output + bad.Error, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Another_organization_cannot_read_a_contracts_ledger()
    {
        var setup = await Scenario.StartAsync(_app);
        var mine = await setup.LinkedContractAsync("actionPack");
        var theirs = await setup.LinkedContractAsync("actionPack");

        (await theirs.Admin.GetAsync($"/v1/supportcontracts/{mine.ContractId}/ledger")).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");
        Assert.Single(await Books.LedgerAsync(mine.Admin, mine.ContractId));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
                throw new TimeoutException($"Waited 15 s for {what}.");
            await Task.Delay(50);
        }
    }
}
