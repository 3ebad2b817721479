using System.Net;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Foundation;

/// <summary>The issue's path end to end: membership → activation → IDs → link → request → balance.</summary>
public sealed class OnPremisesFlowTests : AppTest
{
    [SkippableFact]
    public async Task Personal_account_holding_both_ids_opens_a_request_and_the_balance_drops_by_one()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Data Analytics");
        var product = await s.ProductAsync("SQL Server", "2022");

        var benefits = (await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK);
        var productSupport = benefits.Items().Single(b => b!.Str("type") == "productSupport")!;
        Assert.Equal(20, productSupport.Int("incidents"));
        Assert.Equal("notActivated", productSupport.Str("status"));
        Assert.Null(productSupport["accessId"]);

        var activation = (await admin.PostAsync($"/v1/benefits/{productSupport.Str("id")}/activate")).AssertStatus(HttpStatusCode.Accepted);
        Assert.Equal("pending", activation.Str("status"));
        var ids = await Scenario.WaitForActiveAsync(admin, productSupport.Str("id"));
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$", ids.AccessId);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$", ids.ContractId);
        Assert.NotEqual(ids.AccessId, ids.ContractId);

        var alex = await s.UserAsync(null, "alex@personal.example");
        var linked = (await alex.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId }))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal(20, linked.Int("remainingIncidents"));
        Assert.Equal("active", linked.Str("status"));

        var contracts = (await alex.GetAsync($"/v1/supportcontracts?productId={product}")).AssertStatus(HttpStatusCode.OK);
        var contract = Assert.Single(contracts.Items("available"))!;
        Assert.Equal(ids.SupportContractId, contract.Str("id"));

        var created = (await alex.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal("open", created.Str("status"));
        Assert.True(created.Json!["incidentConsumed"]!.GetValue<bool>());
        Assert.Equal(19, created.Int("remainingIncidents"));

        var fetched = (await alex.GetAsync($"/v1/servicerequests/{created.Id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("SQL Server 2022", fetched.Str("productName"));
        Assert.Equal("alex@personal.example", fetched.Json!["primaryContact"]!.Str("email"));
        Assert.Single((await alex.GetAsync("/v1/servicerequests")).Items());
        Assert.Equal(19, (await alex.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));
        var benefitAfter = (await admin.GetAsync("/v1/benefits")).Items().Single(b => b!.Str("type") == "productSupport")!;
        Assert.Equal(19, benefitAfter.Int("remainingIncidents"));

        // The answer names the caller's organization: none for a personal account, the partner's
        // own for its admin, whose request consumes from the same contract.
        Assert.Null(created.Json["organization"]);
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
        var byAdmin = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal(org, byAdmin.Json!["organization"]!.Str("id"));
        Assert.Equal("Fabrikam", byAdmin.Json["organization"]!.Str("name"));
        Assert.Equal(18, byAdmin.Int("remainingIncidents"));
    }

    [SkippableFact]
    public async Task Only_global_admins_and_partner_admins_may_activate()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var agent = await s.UserAsync(org, "agent@fabrikam.example", "adminAgent");
        var engineer = await s.UserAsync(org, "engineer@fabrikam.example");
        var partnerAdmin = await s.UserAsync(org, "pa@fabrikam.example", "mpnPartnerAdmin");
        await s.MembershipAsync(org, "actionPack", null);
        var benefit = (await engineer.GetAsync("/v1/benefits")).Items().Single()!.Str("id");

        (await agent.PostAsync($"/v1/benefits/{benefit}/activate")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await engineer.PostAsync($"/v1/benefits/{benefit}/activate")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await partnerAdmin.PostAsync($"/v1/benefits/{benefit}/activate")).AssertStatus(HttpStatusCode.Accepted);
        await Scenario.WaitForActiveAsync(partnerAdmin, benefit);
        (await partnerAdmin.PostAsync($"/v1/benefits/{benefit}/activate")).AssertProblem(HttpStatusCode.Conflict, "benefit-not-activatable");
    }

    [SkippableFact]
    public async Task The_last_incident_is_refused_with_no_incidents_remaining_and_nothing_changes()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "actionPack", null);
        var product = await s.ProductAsync("Windows Server", "2025");
        var ids = await s.ActivateAsync(admin);
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);

        for (var i = 9; i >= 0; i--)
        {
            var created = (await admin.PostAsync("/v1/servicerequests/pt-BR", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);
            Assert.Equal(i, created.Int("remainingIncidents"));
        }
        (await admin.PostAsync("/v1/servicerequests/pt-BR", Scenario.Request(product, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");

        Assert.Equal(10, (await admin.GetAsync("/v1/servicerequests")).Items().Count);
        var ledger = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/ledger")).Items();
        Assert.Equal(11, ledger.Count);
        Assert.Equal(0, ledger.Sum(e => e!.Int("delta")));
        var contracts = (await admin.GetAsync("/v1/supportcontracts")).AssertStatus(HttpStatusCode.OK);
        var unavailable = Assert.Single(contracts.Items("unavailable"))!;
        Assert.Equal("noIncidentsRemaining", unavailable.Str("reason"));
        Assert.Equal("exhausted", unavailable.Str("status"));
    }

    [SkippableFact]
    public async Task Data_survives_a_restart_of_the_server()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "silver", "Cloud Platform");
        var product = await s.ProductAsync("Exchange Server", "2019");
        var ids = await s.ActivateAsync(admin);
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
        var created = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);

        await RestartAsync();

        var again = await _app.SignInAsync("admin@fabrikam.example");
        Assert.Equal(created.Text, (await again.GetAsync($"/v1/servicerequests/{created.Id}")).AssertStatus(HttpStatusCode.OK).Text);
        Assert.Equal(14, (await again.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));
    }
}
