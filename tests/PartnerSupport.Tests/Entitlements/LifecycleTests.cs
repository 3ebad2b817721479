using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Entitlements;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Entitlements;

/// <summary>
/// A contract's state follows its dates and its balance as the application's clock moves: waiting
/// before its start, active, expired after its end (recorded in the ledger), exhausted at zero;
/// and the same state is shown on the benefits page, in the contract list and on the contract.
/// Products follow the N-1 rule.
/// </summary>
public sealed class LifecycleTests : AppTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // The maintenance worker records expiries; poll quickly instead of once a minute.
        ["Maintenance:Interval"] = "00:00:00.100",
        // The clock jumps days ahead here; token lifetimes have tests of their own.
        ["Auth:TokenLifetime"] = "365.00:00:00",
    };

    private DateOnly Today => DateOnly.FromDateTime(_app.Time.GetUtcNow().UtcDateTime);

    [SkippableFact]
    public async Task A_membership_starting_later_gives_a_waiting_contract_that_becomes_active_on_its_start_date()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var start = Today.AddDays(10);
        var end = Today.AddYears(1);
        await s.MembershipAsync(org, "actionPack", null, start, end);
        var product = await s.ProductAsync("Windows Server", "2025");

        var benefit = Assert.Single((await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items())!;
        Assert.Equal("waiting", benefit.Str("status"));
        Assert.Null(benefit["accessId"]);

        var ids = await s.ActivateAsync(admin);
        var linked = (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId }))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal("waiting", linked.Str("status"));
        var contract = await AssertSameStatusEverywhereAsync(admin, ids, "waiting", "notStarted");
        Assert.Equal(Date(start), contract.Str("startDate"));
        Assert.Equal(Date(end), contract.Str("endDate"));
        Assert.Equal(10, contract.Int("remainingIncidents"));
        Assert.Equal(Date(start), (await BenefitAsync(admin, ids.BenefitId)).Str("startDate"));

        var refused = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.Conflict, "contract-not-started");
        Assert.Contains(Date(start), refused.Str("detail"), StringComparison.Ordinal);
        Assert.Empty((await admin.GetAsync("/v1/servicerequests")).Items());
        Assert.Equal(10, (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));

        _app.Time.SetDate(start.AddDays(-1));
        await AssertSameStatusEverywhereAsync(admin, ids, "waiting", "notStarted");

        _app.Time.SetDate(start);
        await AssertSameStatusEverywhereAsync(admin, ids, "active", null);
        var created = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal(9, created.Int("remainingIncidents"));
        Assert.Equal(9, (await BenefitAsync(admin, ids.BenefitId)).Int("remainingIncidents"));
    }

    [SkippableFact]
    public async Task A_membership_that_ends_expires_its_contract_everywhere_and_the_ledger_records_it_once()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var end = Today.AddDays(20);
        await s.MembershipAsync(org, "silver", "Data Analytics", Today.AddDays(-30), end);
        var product = await s.ProductAsync("SQL Server", "2022");
        var ids = await s.ActivateAsync(admin);
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);
        var remainingBefore = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents");
        Assert.Equal(14, remainingBefore);

        // The last day of the membership is still a day of the contract.
        _app.Time.SetDate(end);
        await AssertSameStatusEverywhereAsync(admin, ids, "active", null);
        await Task.Delay(300);
        Assert.DoesNotContain(await LedgerAsync(admin, ids), e => e!.Str("kind") == "expire");

        _app.Time.SetDate(end.AddDays(1));
        var contract = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("expired", contract.Str("status"));
        var unavailable = Assert.Single((await admin.GetAsync("/v1/supportcontracts")).AssertStatus(HttpStatusCode.OK).Items("unavailable"))!;
        Assert.Equal(ids.SupportContractId, unavailable.Str("id"));
        Assert.Equal("expired", unavailable.Str("reason"));
        Assert.Equal("expired", unavailable.Str("status"));
        Assert.Empty((await admin.GetAsync("/v1/supportcontracts")).Items("available"));
        // The benefits page lists current memberships only; the benefit itself is expired.
        Assert.DoesNotContain((await admin.GetAsync("/v1/benefits")).Items(), b => b!.Str("id") == ids.BenefitId);
        Assert.Equal(BenefitStatus.Expired, await BenefitStatusInDatabaseAsync(ids.BenefitId));

        var refused = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.Conflict, "contract-expired");
        Assert.Contains(Date(end), refused.Str("detail"), StringComparison.Ordinal);

        var alex = await s.UserAsync(null, "alex@personal.example");
        var linkRefused = (await alex.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId }))
            .AssertProblem(HttpStatusCode.Conflict, "contract-expired");
        Assert.Contains(Date(end), linkRefused.Str("detail"), StringComparison.Ordinal);

        var expiry = await WaitForAsync(async () => (await LedgerAsync(admin, ids)).SingleOrDefault(e => e!.Str("kind") == "expire"));
        Assert.Equal(-remainingBefore, expiry.Int("delta"));
        Assert.Equal(0, expiry.Int("balanceAfter"));
        Assert.Equal(end.AddDays(1), DateOnly.FromDateTime(DateTime.Parse(expiry.Str("at"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)));

        // More maintenance passes, and more days, add nothing.
        await Task.Delay(400);
        _app.Time.SetDate(end.AddDays(5));
        await Task.Delay(400);
        var ledger = await LedgerAsync(admin, ids);
        Assert.Single(ledger, e => e!.Str("kind") == "expire");
        Assert.Equal(0, ledger.Sum(e => e!.Int("delta")));
        contract = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("expired", contract.Str("status"));
        Assert.Equal(0, contract.Int("remainingIncidents"));
        Assert.Equal("expired", Assert.Single((await admin.GetAsync("/v1/supportcontracts")).Items("unavailable"))!.Str("reason"));
    }

    [SkippableFact]
    public async Task An_unlimited_contract_that_ends_is_expired_and_its_ledger_says_so_without_a_balance()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var end = Today.AddDays(3);
        await s.MembershipAsync(org, "gold", "Cloud Platform", Today.AddDays(-30), end);
        var ids = await s.ActivateAsync(admin, "signatureCloudSupport");
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
        await AssertSameStatusEverywhereAsync(admin, ids, "active", null);

        _app.Time.SetDate(end.AddDays(1));

        var expiry = await WaitForAsync(async () => (await LedgerAsync(admin, ids)).SingleOrDefault(e => e!.Str("kind") == "expire"));
        Assert.Equal(0, expiry.Int("delta"));
        Assert.Null(expiry["balanceAfter"]);
        var contract = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("expired", contract.Str("status"));
        Assert.Null(contract.Json!["remainingIncidents"]);
        Assert.Equal("expired", Assert.Single((await admin.GetAsync("/v1/supportcontracts")).Items("unavailable"))!.Str("reason"));
    }

    [SkippableFact]
    public async Task Using_up_an_Action_Pack_contract_makes_it_exhausted_everywhere()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "actionPack", null);
        var product = await s.ProductAsync("Exchange Server", "2019");
        var ids = await s.ActivateAsync(admin);
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);

        for (var i = 0; i < 9; i++)
            (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);
        var one = await AssertSameStatusEverywhereAsync(admin, ids, "active", null);
        Assert.Equal(1, one.Int("remainingIncidents"));

        var last = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(0, last.Int("remainingIncidents"));

        var contract = await AssertSameStatusEverywhereAsync(admin, ids, "exhausted", "noIncidentsRemaining");
        Assert.Equal(0, contract.Int("remainingIncidents"));
        Assert.Equal(10, contract.Int("totalIncidents"));
        Assert.Equal(0, (await BenefitAsync(admin, ids.BenefitId)).Int("remainingIncidents"));
        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");
        var alex = await s.UserAsync(null, "alex@personal.example");
        (await alex.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId }))
            .AssertProblem(HttpStatusCode.Conflict, "contract-exhausted");
    }

    [SkippableFact]
    public async Task A_cancelled_contract_is_shown_cancelled_and_can_no_longer_be_used_or_linked()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Data Analytics");
        var product = await s.ProductAsync("SharePoint Server", "2019");
        var ids = await s.ActivateAsync(admin);
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);

        // No endpoint cancels a contract yet: the back office sets it in the database.
        var id = Guid.Parse(ids.SupportContractId);
        var at = _app.Time.GetUtcNow();
        await _app.WithDbAsync(db => db.SupportContracts.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.CancelledAt, at)));

        var contract = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("cancelled", contract.Str("status"));
        var listed = Assert.Single((await admin.GetAsync("/v1/supportcontracts")).Items("unavailable"))!;
        Assert.Equal("cancelled", listed.Str("status"));
        Assert.Equal("expired", listed.Str("reason"));
        // Benefit statuses have no "cancelled": the benefit is over.
        Assert.Equal("expired", (await BenefitAsync(admin, ids.BenefitId)).Str("status"));
        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.Conflict, "contract-expired");
        var alex = await s.UserAsync(null, "alex@personal.example");
        (await alex.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId }))
            .AssertProblem(HttpStatusCode.Conflict, "contract-expired");
        Assert.Equal(20, (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));
    }

    [SkippableFact]
    public async Task Only_the_current_and_previous_version_of_an_on_premises_product_are_covered()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Data Analytics");
        var sql = new Dictionary<string, string>();
        foreach (var version in new[] { "2017", "2022", "2016", "2019" })
            sql[version] = await s.ProductAsync("SQL Server", version);
        var cloud = await s.ProductAsync("Azure SQL Database", "current", "cloud", "Azure");
        var ids = await s.ActivateAsync(admin);
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(new[] { "2019", "2022" }, await CoveredSqlVersionsAsync(admin));
        var listed = (await admin.GetAsync("/v1/products?kind=onPremises")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.DoesNotContain(listed, p => p!.Str("kind") != "onPremises");
        Assert.True(Assert.Single((await admin.GetAsync("/v1/products?kind=cloud")).Items(), p => p!.Str("id") == cloud)!["covered"]!.GetValue<bool>());

        await AssertNotCoveredAsync(admin, ids, sql["2017"], "SQL Server 2017");
        await AssertNotCoveredAsync(admin, ids, sql["2016"], "SQL Server 2016");
        var available = Assert.Single((await admin.GetAsync($"/v1/supportcontracts?productId={sql["2019"]}")).Items("available"))!;
        Assert.Equal(ids.SupportContractId, available.Str("id"));
        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(sql["2019"], ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);
        // An on-premises contract does not cover a cloud product either.
        Assert.Equal("productNotCovered", Assert.Single((await admin.GetAsync($"/v1/supportcontracts?productId={cloud}")).Items("unavailable"))!.Str("reason"));

        sql["2025"] = await s.ProductAsync("SQL Server", "2025");

        Assert.Equal(new[] { "2022", "2025" }, await CoveredSqlVersionsAsync(admin));
        await AssertNotCoveredAsync(admin, ids, sql["2019"], "SQL Server 2019");
        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(sql["2022"], ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(sql["2025"], ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(17, (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));
        // Without a product, the contract is simply usable.
        await AssertSameStatusEverywhereAsync(admin, ids, "active", null);
    }

    private async Task AssertNotCoveredAsync(ApiClient caller, ActivatedBenefit ids, string productId, string productName)
    {
        var list = (await caller.GetAsync($"/v1/supportcontracts?productId={productId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Empty(list.Items("available"));
        var unavailable = Assert.Single(list.Items("unavailable"))!;
        Assert.Equal(ids.SupportContractId, unavailable.Str("id"));
        Assert.Equal("productNotCovered", unavailable.Str("reason"));
        Assert.Equal("active", unavailable.Str("status"));

        var before = (await caller.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents");
        var refused = (await caller.PostAsync("/v1/servicerequests/en-US", Scenario.Request(productId, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "product-not-covered");
        Assert.Contains(productName, refused.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(before, (await caller.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));
    }

    private static async Task<List<string>> CoveredSqlVersionsAsync(ApiClient caller) =>
        (await caller.GetAsync("/v1/products?kind=onPremises")).AssertStatus(HttpStatusCode.OK).Items()
            .Where(p => p!.Str("family") == "SQL Server" && p!["covered"]!.GetValue<bool>())
            .Select(p => p!.Str("version"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The benefit on the benefits page, the contract in the caller's list (available, or
    /// unavailable with the reason) and the contract itself all show the same state.
    /// </summary>
    private static async Task<JsonNode> AssertSameStatusEverywhereAsync(ApiClient caller, ActivatedBenefit ids, string status, string? reason)
    {
        var benefit = await BenefitAsync(caller, ids.BenefitId);
        Assert.Equal(status, benefit.Str("status"));

        var list = (await caller.GetAsync("/v1/supportcontracts")).AssertStatus(HttpStatusCode.OK);
        var (inList, other) = reason is null ? ("available", "unavailable") : ("unavailable", "available");
        var listed = Assert.Single(list.Items(inList), c => c!.Str("id") == ids.SupportContractId)!;
        Assert.DoesNotContain(list.Items(other), c => c!.Str("id") == ids.SupportContractId);
        Assert.Equal(status, listed.Str("status"));
        Assert.Equal(reason, listed["reason"]?.GetValue<string>());

        var contract = (await caller.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(status, contract.Str("status"));
        Assert.Equal(contract.Int("remainingIncidents"), listed.Int("remainingIncidents"));
        Assert.Equal(contract.Int("remainingIncidents"), benefit.Int("remainingIncidents"));
        Assert.Equal(contract.Str("startDate"), listed.Str("startDate"));
        Assert.Equal(contract.Str("endDate"), benefit.Str("endDate"));
        return contract.Json!;
    }

    private static async Task<JsonNode> BenefitAsync(ApiClient caller, string benefitId) =>
        Assert.Single((await caller.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items(), b => b!.Str("id") == benefitId)!;

    private static async Task<JsonArray> LedgerAsync(ApiClient caller, ActivatedBenefit ids) =>
        (await caller.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items();

    /// <summary>The benefit's status as the domain computes it, for a benefit no page lists any more.</summary>
    private Task<BenefitStatus> BenefitStatusInDatabaseAsync(string benefitId)
    {
        var id = Guid.Parse(benefitId);
        return _app.WithDbAsync(async db =>
        {
            var benefit = await db.Benefits.AsNoTracking().Include(b => b.Membership).Include(b => b.SupportContract).SingleAsync(b => b.Id == id);
            return benefit.StatusOn(_app.Time.Today());
        });
    }

    private static async Task<JsonNode> WaitForAsync(Func<Task<JsonNode?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
                return found;
            await Task.Delay(50);
        }
        throw new TimeoutException("The maintenance worker did not record the expiry in time.");
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
