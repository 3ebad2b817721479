using System.Net;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.CloudAndCsp;

/// <summary>
/// Signature Cloud Support: cloud contracts for cloud products only, on-premises contracts for
/// on-premises products only, unlimited for cloud competencies, packs of 5 or 10 for the others,
/// and nothing at all for Action Pack, which is told so.
/// </summary>
public sealed class CloudSupportTests : AppTest
{
    [SkippableFact]
    public async Task Gold_cloud_competency_partner_links_its_unlimited_cloud_contract_and_opens_many_cloud_requests()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Contoso Cloud");
        var admin = await s.UserAsync(org, "admin@contoso.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Cloud Platform");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");

        var signature = (await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items()
            .Single(b => b!.Str("type") == "signatureCloudSupport")!;
        Assert.Equal("cloud", signature.Str("scope"));
        Assert.Null(signature["incidents"]);

        var ids = await s.ActivateAsync(admin, "signatureCloudSupport");
        var engineer = await s.UserAsync(org, "engineer@contoso.example");
        var linked = (await engineer.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(ids.SupportContractId, linked.Id);
        Assert.Equal("cloud", linked.Str("scope"));
        Assert.Equal("active", linked.Str("status"));
        Assert.Null(linked.Json!["totalIncidents"]);
        Assert.Null(linked.Json!["remainingIncidents"]);

        var requestIds = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var created = (await engineer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, ids.SupportContractId, title: $"VM {i} does not start")))
                .AssertStatus(HttpStatusCode.Created);
            Assert.Equal(ids.SupportContractId, created.Str("supportContractId"));
            Assert.True(created.Json!["incidentConsumed"]!.GetValue<bool>());
            Assert.Null(created.Json!["remainingIncidents"]);
            requestIds.Add(created.Id);
        }

        var contract = (await engineer.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Null(contract.Json!["remainingIncidents"]);
        Assert.Equal("active", contract.Str("status"));
        var available = (await engineer.GetAsync($"/v1/supportcontracts?productId={vm}")).AssertStatus(HttpStatusCode.OK).Items("available");
        Assert.Equal(ids.SupportContractId, Assert.Single(available)!.Str("id"));

        var ledger = (await engineer.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items();
        var grant = Assert.Single(ledger, e => e!.Str("kind") == "grant")!;
        Assert.Null(grant["balanceAfter"]);
        var consumes = ledger.Where(e => e!.Str("kind") == "consume").ToList();
        Assert.Equal(25, consumes.Count);
        Assert.All(consumes, e =>
        {
            var entry = e!;
            Assert.Equal(-1, entry.Int("delta"));
            Assert.Null(entry["balanceAfter"]);
            Assert.Equal("engineer@contoso.example", entry.Str("actor"));
        });
        Assert.Equal(requestIds.Order(StringComparer.Ordinal), consumes.Select(e => e!.Str("serviceRequestId")).Order(StringComparer.Ordinal));
        Assert.Equal(26, ledger.Count);
    }

    [SkippableFact]
    public async Task A_cloud_contract_refuses_an_on_premises_product_and_consumes_nothing()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Contoso Cloud");
        var admin = await s.UserAsync(org, "admin@contoso.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Cloud Platform");
        var sql = await s.ProductAsync("SQL Server", "2022");
        var ids = await s.ActivateAsync(admin, "signatureCloudSupport");
        (await admin.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);

        var refused = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(sql, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "product-not-covered");
        Assert.Contains("cloud", refused.Detail(), StringComparison.OrdinalIgnoreCase);

        Assert.Empty((await admin.GetAsync("/v1/servicerequests")).Items());
        Assert.Equal(1, await admin.LedgerCountAsync(ids.SupportContractId));
        var contracts = (await admin.GetAsync($"/v1/supportcontracts?productId={sql}")).AssertStatus(HttpStatusCode.OK);
        Assert.Empty(contracts.Items("available"));
        Assert.Equal("productNotCovered", Assert.Single(contracts.Items("unavailable"))!.Str("reason"));
    }

    [SkippableTheory]
    [InlineData("silver", "Cloud Platform", 15)]
    [InlineData("gold", "Data Analytics", 20)]
    public async Task An_on_premises_contract_of_a_silver_or_gold_partner_refuses_a_cloud_product(string offer, string competency, int incidents)
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, offer, competency);
        var vm = await s.CloudProductAsync("Azure Virtual Machines");
        var ids = await s.ActivateAsync(admin, "productSupport");
        (await admin.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);

        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "product-not-covered");

        Assert.Equal(incidents, (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));
        Assert.Equal(1, await admin.LedgerCountAsync(ids.SupportContractId));
        Assert.Empty((await admin.GetAsync("/v1/servicerequests")).Items());
    }

    [SkippableFact]
    public async Task An_action_pack_partner_asking_cloud_support_is_told_action_pack_has_none()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "actionPack", null);
        var vm = await s.CloudProductAsync("Azure Virtual Machines");

        var benefits = (await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.DoesNotContain(benefits, b => b!.Str("type") == "signatureCloudSupport");
        var ids = await s.ActivateAsync(admin, "productSupport");
        (await admin.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);

        var refused = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        Assert.Contains("Action Pack", refused.Detail(), StringComparison.Ordinal);
        Assert.Contains("Signature Cloud Support", refused.Detail(), StringComparison.Ordinal);

        Assert.Equal(10, (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));
        Assert.Equal(1, await admin.LedgerCountAsync(ids.SupportContractId));
    }

    [SkippableFact]
    public async Task Silver_partner_of_a_non_cloud_competency_gets_five_cloud_incidents_and_the_sixth_request_is_refused()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "silver", "Data Analytics");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");

        var signature = (await admin.GetAsync("/v1/benefits")).Items().Single(b => b!.Str("type") == "signatureCloudSupport")!;
        Assert.Equal(5, signature.Int("incidents"));
        var ids = await s.ActivateAsync(admin, "signatureCloudSupport");
        Assert.Equal(5, (await admin.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created).Int("remainingIncidents"));

        for (var remaining = 4; remaining >= 0; remaining--)
        {
            var created = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, ids.SupportContractId)))
                .AssertStatus(HttpStatusCode.Created);
            Assert.Equal(remaining, created.Int("remainingIncidents"));
        }
        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");

        Assert.Equal(5, (await admin.GetAsync("/v1/servicerequests")).Items().Count);
        Assert.Equal(0, (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));
    }
}
