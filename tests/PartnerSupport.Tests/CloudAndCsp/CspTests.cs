using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.CloudAndCsp;

/// <summary>
/// The Cloud Solution Provider plan (cloud requests with no contract for organizations in the
/// csp program) and CSP customers, for whom admin agents open requests per workload.
/// </summary>
public sealed class CspTests : AppTest
{
    private Task<int> LedgerRowsAsync() => _app.WithDbAsync(db => db.Ledger.CountAsync());

    [SkippableTheory]
    [InlineData("csp")]
    [InlineData("mpn csp")]
    public async Task A_csp_partner_opens_a_cloud_request_with_the_csp_plan_and_no_contract_and_nothing_is_consumed(string programs)
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Tailspin", programs.Split(' '));
        var engineer = await s.UserAsync(org, "engineer@tailspin.example");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");

        var created = (await engineer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan)))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal(Scenario.CspPlan, created.Str("supportPlan"));
        Assert.False(created.Json!["incidentConsumed"]!.GetValue<bool>());
        Assert.Null(created.Json["supportContractId"]);
        Assert.Null(created.Json["remainingIncidents"]);
        Assert.Null(created.Json["customerTenantId"]);
        Assert.Equal("open", created.Str("status"));
        Assert.Equal(org, created.Json["organization"]!.Str("id"));
        Assert.Equal("Tailspin", created.Json["organization"]!.Str("name"));

        var fetched = (await engineer.GetAsync($"/v1/servicerequests/{created.Id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(Scenario.CspPlan, fetched.Str("supportPlan"));
        Assert.Equal(0, await LedgerRowsAsync());
    }

    [SkippableFact]
    public async Task The_csp_plan_leaves_a_linked_contract_of_the_same_account_untouched()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Tailspin", "mpn", "csp");
        var admin = await s.UserAsync(org, "admin@tailspin.example", "globalAdmin");
        await s.MembershipAsync(org, "silver", "Data Analytics");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");
        var ids = await s.ActivateAsync(admin, "signatureCloudSupport");
        (await admin.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);

        for (var i = 0; i < 3; i++)
            (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan))).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(5, (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));
        Assert.Equal(1, await admin.LedgerCountAsync(ids.SupportContractId));
        Assert.Equal(1, await LedgerRowsAsync());
    }

    [SkippableFact]
    public async Task An_organization_outside_csp_and_an_account_of_no_organization_are_not_authorized_for_the_csp_plan()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Fabrikam", "mpn");
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var alex = await s.UserAsync(null, "alex@personal.example");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");

        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan)))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await alex.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan)))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        Assert.Empty((await admin.GetAsync("/v1/servicerequests")).Items());
        Assert.Empty((await alex.GetAsync("/v1/servicerequests")).Items());
    }

    [SkippableFact]
    public async Task The_csp_plan_refuses_an_on_premises_product_and_cloud_products_outside_azure()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Tailspin", "csp");
        var engineer = await s.UserAsync(org, "engineer@tailspin.example");
        var sql = await s.ProductAsync("SQL Server", "2022");
        var exchange = await s.CloudProductAsync("Exchange Online", "Microsoft 365");

        (await engineer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(sql, supportPlan: Scenario.CspPlan)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "product-not-covered");
        var m365 = (await engineer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(exchange, supportPlan: Scenario.CspPlan)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "product-not-covered");
        Assert.Contains("Azure", m365.Str("detail"), StringComparison.Ordinal);
        Assert.Empty((await engineer.GetAsync("/v1/servicerequests")).Items());
    }

    [SkippableFact]
    public async Task Sending_both_a_support_plan_and_a_contract_or_an_unknown_plan_is_invalid_input()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Tailspin", "mpn", "csp");
        var admin = await s.UserAsync(org, "admin@tailspin.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Cloud Platform");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");
        var ids = await s.ActivateAsync(admin, "signatureCloudSupport");
        (await admin.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);

        var both = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, ids.SupportContractId, Scenario.CspPlan)))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(both.Json!["errors"]!["supportContractId"]);
        var unknownPlan = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: "premier")))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(unknownPlan.Json!["errors"]!["supportPlan"]);
        var neither = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm)))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(neither.Json!["errors"]!["supportContractId"]);

        Assert.Empty((await admin.GetAsync("/v1/servicerequests")).Items());
        Assert.Equal(1, await admin.LedgerCountAsync(ids.SupportContractId));
    }

    [SkippableFact]
    public async Task The_back_office_registers_csp_customers_once_per_tenant_and_only_for_csp_organizations()
    {
        var s = await Scenario.StartAsync(_app);
        var csp = await s.OrganizationAsync("Tailspin", "csp");
        var mpnOnly = await s.OrganizationAsync("Fabrikam", "mpn");
        var cspAdmin = await s.UserAsync(csp, "admin@tailspin.example", "globalAdmin");

        var created = (await s.Operator.PostAsync($"/v1/organizations/{csp}/customers", new { name = "Northwind Traders", tenantId = "northwind.onmicrosoft.com", countryCode = "BR" }))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal("Northwind Traders", created.Str("name"));
        Assert.Equal("northwind.onmicrosoft.com", created.Str("tenantId"));
        Assert.Equal("BR", created.Str("countryCode"));

        (await s.Operator.PostAsync($"/v1/organizations/{csp}/customers", new { name = "Northwind again", tenantId = "northwind.onmicrosoft.com", countryCode = "BR" }))
            .AssertProblem(HttpStatusCode.Conflict, "customer-exists");
        (await s.Operator.PostAsync($"/v1/organizations/{csp}/customers", new { name = "Northwind shouting", tenantId = "NORTHWIND.onmicrosoft.com", countryCode = "BR" }))
            .AssertProblem(HttpStatusCode.Conflict, "customer-exists");
        (await s.Operator.PostAsync($"/v1/organizations/{mpnOnly}/customers", new { name = "Litware", tenantId = "litware.onmicrosoft.com", countryCode = "BR" }))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await cspAdmin.PostAsync($"/v1/organizations/{csp}/customers", new { name = "Litware", tenantId = "litware.onmicrosoft.com", countryCode = "BR" }))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");

        // The same tenant may be a customer of another partner.
        var otherCsp = await s.OrganizationAsync("Wingtip", "csp");
        (await s.Operator.PostAsync($"/v1/organizations/{otherCsp}/customers", new { name = "Northwind Traders", tenantId = "northwind.onmicrosoft.com", countryCode = "BR" }))
            .AssertStatus(HttpStatusCode.Created);
    }

    [SkippableFact]
    public async Task An_admin_agent_lists_only_its_own_organizations_customers_and_other_roles_are_refused()
    {
        var s = await Scenario.StartAsync(_app);
        var tailspin = await s.OrganizationAsync("Tailspin", "csp");
        var wingtip = await s.OrganizationAsync("Wingtip", "csp");
        await s.CustomerAsync(tailspin, "northwind.onmicrosoft.com", "Northwind Traders");
        await s.CustomerAsync(tailspin, "adventure-works.com", "Adventure Works");
        await s.CustomerAsync(wingtip, "litware.onmicrosoft.com", "Litware");
        var agent = await s.UserAsync(tailspin, "agent@tailspin.example", "adminAgent");
        var globalAdmin = await s.UserAsync(tailspin, "admin@tailspin.example", "globalAdmin");
        var partnerAdmin = await s.UserAsync(tailspin, "pa@tailspin.example", "mpnPartnerAdmin");
        var engineer = await s.UserAsync(tailspin, "engineer@tailspin.example");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");

        var customers = (await agent.GetAsync("/v1/customers")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal(["adventure-works.com", "northwind.onmicrosoft.com"], customers.Select(c => c!.Str("tenantId")).Order(StringComparer.Ordinal));
        Assert.All(customers, c => Assert.Equal(tailspin, c!.Str("organizationId")));

        foreach (var refused in new[] { globalAdmin, partnerAdmin, engineer })
        {
            (await refused.GetAsync("/v1/customers")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
            (await refused.GetAsync("/v1/customers/northwind.onmicrosoft.com/servicerequests")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
            (await refused.PostAsync("/v1/customers/northwind.onmicrosoft.com/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan, workload: "azure")))
                .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        }
        Assert.Empty((await agent.GetAsync("/v1/customers/northwind.onmicrosoft.com/servicerequests")).AssertStatus(HttpStatusCode.OK).Items());
    }

    [SkippableFact]
    public async Task An_admin_agent_opens_an_azure_request_for_a_customer_with_the_csp_plan()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Tailspin", "csp");
        var tenant = await s.CustomerAsync(org, "Northwind.onmicrosoft.com");
        var agent = await s.UserAsync(org, "agent@tailspin.example", "adminAgent");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");

        var created = (await agent.PostAsync($"/v1/customers/{tenant}/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan, workload: "azure")))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal("northwind.onmicrosoft.com", created.Str("customerTenantId"));
        Assert.Equal("Azure", created.Str("workload"));
        Assert.Equal(Scenario.CspPlan, created.Str("supportPlan"));
        Assert.False(created.Json!["incidentConsumed"]!.GetValue<bool>());
        Assert.Null(created.Json["supportContractId"]);

        var fetched = (await agent.GetAsync($"/v1/servicerequests/{created.Id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("northwind.onmicrosoft.com", fetched.Str("customerTenantId"));
        Assert.Equal("Azure", fetched.Str("workload"));
        Assert.Equal(0, await LedgerRowsAsync());
    }

    [SkippableFact]
    public async Task Microsoft_365_requests_for_a_customer_need_a_contract_and_consume_from_it()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Tailspin", "mpn", "csp");
        var tenant = await s.CustomerAsync(org, "northwind.onmicrosoft.com");
        var admin = await s.UserAsync(org, "admin@tailspin.example", "globalAdmin");
        var agent = await s.UserAsync(org, "agent@tailspin.example", "adminAgent");
        await s.MembershipAsync(org, "silver", "Data Analytics");
        var exchange = await s.CloudProductAsync("Exchange Online", "Microsoft 365");
        var ids = await s.ActivateAsync(admin, "signatureCloudSupport");

        var refused = (await agent.PostAsync($"/v1/customers/{tenant}/servicerequests/en-US", Scenario.CloudRequest(exchange, supportPlan: Scenario.CspPlan, workload: "microsoft365")))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(refused.Json!["errors"]!["supportContractId"]);

        (await agent.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);
        var created = (await agent.PostAsync($"/v1/customers/{tenant}/servicerequests/en-US", Scenario.CloudRequest(exchange, ids.SupportContractId, workload: "microsoft365")))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal("Microsoft 365", created.Str("workload"));
        Assert.Equal(tenant, created.Str("customerTenantId"));
        Assert.True(created.Json!["incidentConsumed"]!.GetValue<bool>());
        Assert.Equal(4, created.Int("remainingIncidents"));
        var consume = (await agent.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/ledger")).Items().Single(e => e!.Str("kind") == "consume")!;
        Assert.Equal(created.Id, consume.Str("serviceRequestId"));
        Assert.Equal("agent@tailspin.example", consume.Str("actor"));
    }

    [SkippableFact]
    public async Task A_request_for_a_customer_names_a_known_workload_matching_the_product()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Tailspin", "csp");
        var tenant = await s.CustomerAsync(org, "northwind.onmicrosoft.com");
        var agent = await s.UserAsync(org, "agent@tailspin.example", "adminAgent");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");
        var exchange = await s.CloudProductAsync("Exchange Online", "Microsoft 365");
        var sql = await s.ProductAsync("SQL Server", "2022");

        var unknown = (await agent.PostAsync($"/v1/customers/{tenant}/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan, workload: "sharepoint")))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(unknown.Json!["errors"]!["workload"]);
        var missing = (await agent.PostAsync($"/v1/customers/{tenant}/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan)))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(missing.Json!["errors"]!["workload"]);
        (await agent.PostAsync($"/v1/customers/{tenant}/servicerequests/en-US", Scenario.CloudRequest(exchange, supportPlan: Scenario.CspPlan, workload: "azure")))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "product-not-covered");
        (await agent.PostAsync($"/v1/customers/{tenant}/servicerequests/en-US", Scenario.CloudRequest(sql, supportPlan: Scenario.CspPlan, workload: "azure")))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "product-not-covered");

        Assert.Empty((await agent.GetAsync($"/v1/customers/{tenant}/servicerequests")).Items());
    }

    [SkippableFact]
    public async Task An_unknown_tenant_or_another_partners_customer_is_not_found()
    {
        var s = await Scenario.StartAsync(_app);
        var tailspin = await s.OrganizationAsync("Tailspin", "csp");
        var wingtip = await s.OrganizationAsync("Wingtip", "csp");
        var theirs = await s.CustomerAsync(wingtip, "litware.onmicrosoft.com", "Litware");
        var agent = await s.UserAsync(tailspin, "agent@tailspin.example", "adminAgent");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");

        foreach (var tenant in new[] { "nobody.onmicrosoft.com", theirs })
        {
            (await agent.PostAsync($"/v1/customers/{tenant}/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan, workload: "azure")))
                .AssertProblem(HttpStatusCode.NotFound, "customer-not-found");
            (await agent.GetAsync($"/v1/customers/{tenant}/servicerequests")).AssertProblem(HttpStatusCode.NotFound, "customer-not-found");
        }
        Assert.Empty((await agent.GetAsync("/v1/servicerequests")).Items());
    }

    [SkippableFact]
    public async Task A_customers_request_list_holds_exactly_that_customers_requests()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Tailspin", "csp");
        var northwind = await s.CustomerAsync(org, "northwind.onmicrosoft.com", "Northwind Traders");
        var adventure = await s.CustomerAsync(org, "adventure-works.com", "Adventure Works");
        var agent = await s.UserAsync(org, "agent@tailspin.example", "adminAgent");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");

        var forNorthwind = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            forNorthwind.Add((await agent.PostAsync($"/v1/customers/{northwind}/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan, workload: "azure", title: $"Northwind {i}")))
                .AssertStatus(HttpStatusCode.Created).Id);
        }
        var forAdventure = (await agent.PostAsync($"/v1/customers/{adventure}/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan, workload: "azure")))
            .AssertStatus(HttpStatusCode.Created).Id;
        var ownRequest = (await agent.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, supportPlan: Scenario.CspPlan)))
            .AssertStatus(HttpStatusCode.Created).Id;

        var listed = (await agent.GetAsync($"/v1/customers/{northwind}/servicerequests")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal(forNorthwind.Order(StringComparer.Ordinal), listed.Select(r => r!.Str("id")).Order(StringComparer.Ordinal));
        Assert.All(listed, r => Assert.Equal(northwind, r!.Str("customerTenantId")));
        Assert.Equal(forAdventure, Assert.Single((await agent.GetAsync($"/v1/customers/{adventure}/servicerequests")).Items())!.Str("id"));
        Assert.Equal(4, (await agent.GetAsync("/v1/servicerequests")).Items().Count);
        Assert.DoesNotContain(ownRequest, listed.Select(r => r!.Str("id")));
    }

    [SkippableFact]
    public async Task The_workloads_are_listed_each_with_its_portal()
    {
        var s = await Scenario.StartAsync(_app);
        var alex = await s.UserAsync(null, "alex@personal.example");

        var workloads = (await alex.GetAsync("/v1/workloads")).AssertStatus(HttpStatusCode.OK).Items();
        var byId = workloads.ToDictionary(w => w!.Str("id"), w => w!);
        Assert.Equal("Azure", byId["azure"].Str("name"));
        Assert.Equal("Microsoft 365", byId["microsoft365"].Str("name"));
        Assert.Equal("Dynamics 365", byId["dynamics365"].Str("name"));
        Assert.All(workloads, w =>
        {
            var workload = w!;
            Assert.True(Uri.TryCreate(workload.Str("portal"), UriKind.Absolute, out var portal), $"{workload.Str("id")} has no portal URL");
            Assert.Equal(Uri.UriSchemeHttps, portal!.Scheme);
        });
        Assert.Equal(workloads.Count, workloads.Select(w => w!.Str("portal")).Distinct().Count());
    }
}
