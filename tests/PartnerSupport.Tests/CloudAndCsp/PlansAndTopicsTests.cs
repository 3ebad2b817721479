using System.Net;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.CloudAndCsp;

/// <summary>
/// Paid partner plans (compare, purchase, a contract like any other) and the support topics a
/// request can name.
/// </summary>
public sealed class PlansAndTopicsTests : AppTest
{
    private const string Identifier = "^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$";

    [SkippableFact]
    public async Task The_paid_plans_can_be_compared()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var engineer = await s.UserAsync(org, "engineer@fabrikam.example");

        var plans = (await engineer.GetAsync("/v1/supportplans")).AssertStatus(HttpStatusCode.OK).Items();
        var premier = plans.Single(p => p!.Str("id") == "premier")!;
        var advanced = plans.Single(p => p!.Str("id") == "advanced")!;
        Assert.Equal("Premier Support for Partners", premier.Str("name"));
        Assert.Equal("all", premier.Str("scope"));
        Assert.Equal(50, premier.Int("incidents"));
        Assert.Equal(12, premier.Int("termMonths"));
        Assert.Equal("Advanced Support for Partners", advanced.Str("name"));
        Assert.Equal("cloud", advanced.Str("scope"));
        Assert.Equal(25, advanced.Int("incidents"));
        Assert.Equal(12, advanced.Int("termMonths"));
        foreach (var plan in new[] { premier, advanced })
        {
            Assert.True(plan["price"]!["amount"]!.GetValue<decimal>() > 0, "a plan has a price");
            Assert.Equal("USD", plan["price"]!.Str("currency"));
        }
        Assert.True(premier["price"]!["amount"]!.GetValue<decimal>() > advanced["price"]!["amount"]!.GetValue<decimal>(), "Premier is the top level");
    }

    [SkippableFact]
    public async Task A_partner_admin_buys_the_advanced_plan_and_gets_a_linked_cloud_contract_of_25_incidents_for_a_year()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var buyer = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");
        var sql = await s.ProductAsync("SQL Server", "2022");
        var today = _app.Today();

        var bought = (await buyer.PostAsync("/v1/supportplans/advanced/purchase")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal("purchase", bought.Str("source"));
        Assert.Equal("Advanced Support for Partners", bought.Str("name"));
        Assert.Equal("cloud", bought.Str("scope"));
        Assert.Equal("active", bought.Str("status"));
        Assert.Equal(25, bought.Int("totalIncidents"));
        Assert.Equal(25, bought.Int("remainingIncidents"));
        Assert.Equal(org, bought.Str("organizationId"));
        Assert.Matches(Identifier, bought.Str("accessId"));
        Assert.Matches(Identifier, bought.Str("contractId"));
        Assert.NotEqual(bought.Str("accessId"), bought.Str("contractId"));
        Assert.Equal(today.Iso(), bought.Str("startDate"));
        Assert.Equal(today.AddMonths(12).AddDays(-1).Iso(), bought.Str("endDate"));
        Assert.Equal("2027-11-20", bought.Str("endDate"));

        var mine = (await buyer.GetAsync("/v1/supportcontracts")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(bought.Id, Assert.Single(mine.Items("available"))!.Str("id"));
        var grant = Assert.Single((await buyer.GetAsync($"/v1/supportcontracts/{bought.Id}/ledger")).AssertStatus(HttpStatusCode.OK).Items())!;
        Assert.Equal("grant", grant.Str("kind"));
        Assert.Equal(25, grant.Int("delta"));
        Assert.Equal(25, grant.Int("balanceAfter"));
        Assert.Equal("admin@fabrikam.example", grant.Str("actor"));

        var created = (await buyer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, bought.Id))).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(24, created.Int("remainingIncidents"));
        (await buyer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(sql, bought.Id)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "product-not-covered");
        Assert.Equal(24, (await buyer.GetAsync($"/v1/supportcontracts/{bought.Id}")).Int("remainingIncidents"));
        var forSql = (await buyer.GetAsync($"/v1/supportcontracts?productId={sql}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("productNotCovered", Assert.Single(forSql.Items("unavailable"))!.Str("reason"));
    }

    [SkippableFact]
    public async Task The_premier_plan_bought_by_a_partner_admin_covers_cloud_and_on_premises_products()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var buyer = await s.UserAsync(org, "pa@fabrikam.example", "mpnPartnerAdmin");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");
        var sql = await s.ProductAsync("SQL Server", "2022");

        var bought = (await buyer.PostAsync("/v1/supportplans/premier/purchase")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal("all", bought.Str("scope"));
        Assert.Equal(50, bought.Int("remainingIncidents"));
        Assert.Equal("purchase", bought.Str("source"));

        Assert.Equal(49, (await buyer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, bought.Id))).AssertStatus(HttpStatusCode.Created).Int("remainingIncidents"));
        Assert.Equal(48, (await buyer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(sql, bought.Id))).AssertStatus(HttpStatusCode.Created).Int("remainingIncidents"));
    }

    [SkippableFact]
    public async Task Another_account_links_a_purchased_contract_with_its_ids()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var buyer = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");
        var bought = (await buyer.PostAsync("/v1/supportplans/advanced/purchase")).AssertStatus(HttpStatusCode.Created);

        var alex = await s.UserAsync(null, "alex@personal.example");
        Assert.Empty((await alex.GetAsync("/v1/supportcontracts")).Items("available"));
        (await alex.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, bought.Id))).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");

        var linked = (await alex.LinkAsync(bought.Str("accessId"), bought.Str("contractId"))).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(bought.Id, linked.Id);
        Assert.Equal("purchase", linked.Str("source"));
        Assert.Equal(24, (await alex.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, bought.Id))).AssertStatus(HttpStatusCode.Created).Int("remainingIncidents"));
        Assert.Equal(24, (await buyer.GetAsync($"/v1/supportcontracts/{bought.Id}")).Int("remainingIncidents"));
        var emails = (await buyer.GetAsync($"/v1/supportcontracts/{bought.Id}/links")).AssertStatus(HttpStatusCode.OK).Items().Select(l => l!.Str("email"));
        Assert.Equal(["admin@fabrikam.example", "alex@personal.example"], emails.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Only_partner_admins_may_purchase_and_an_unknown_plan_is_not_found()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var agent = await s.UserAsync(org, "agent@fabrikam.example", "adminAgent");
        var engineer = await s.UserAsync(org, "engineer@fabrikam.example");
        var alex = await s.UserAsync(null, "alex@personal.example");

        foreach (var refused in new[] { agent, engineer, alex })
            (await refused.PostAsync("/v1/supportplans/advanced/purchase")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await admin.PostAsync("/v1/supportplans/platinum/purchase")).AssertProblem(HttpStatusCode.NotFound, "plan-not-found");

        Assert.Empty((await admin.GetAsync("/v1/supportcontracts")).Items("available"));
        Assert.Empty((await agent.GetAsync("/v1/supportcontracts")).Items("available"));
        Assert.Empty((await engineer.GetAsync("/v1/supportcontracts")).Items("available"));
    }

    [SkippableFact]
    public async Task Support_topics_are_listed_and_a_request_naming_one_shows_its_name()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var buyer = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");
        var bought = (await buyer.PostAsync("/v1/supportplans/advanced/purchase")).AssertStatus(HttpStatusCode.Created);

        var topics = (await buyer.GetAsync("/v1/servicerequests/supporttopics")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.NotEmpty(topics);
        Assert.All(topics, t =>
        {
            var entry = t!;
            Assert.False(string.IsNullOrWhiteSpace(entry.Str("id")));
            Assert.False(string.IsNullOrWhiteSpace(entry.Str("name")));
            Assert.False(string.IsNullOrWhiteSpace(entry.Str("description")));
        });
        Assert.Equal(topics.Count, topics.Select(t => t!.Str("id")).Distinct().Count());

        var topic = topics[^1]!;
        var created = (await buyer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, bought.Id, supportTopicId: topic.Str("id"))))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal(topic.Str("id"), created.Str("supportTopicId"));
        Assert.Equal(topic.Str("name"), created.Str("supportTopicName"));
        var fetched = (await buyer.GetAsync($"/v1/servicerequests/{created.Id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(topic.Str("name"), fetched.Str("supportTopicName"));

        var without = (await buyer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, bought.Id))).AssertStatus(HttpStatusCode.Created);
        Assert.Null(without.Json!["supportTopicId"]);
        Assert.Null(without.Json["supportTopicName"]);
    }

    [SkippableFact]
    public async Task An_unknown_support_topic_is_invalid_input_and_consumes_nothing()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var buyer = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var vm = await s.CloudProductAsync("Azure Virtual Machines");
        var bought = (await buyer.PostAsync("/v1/supportplans/advanced/purchase")).AssertStatus(HttpStatusCode.Created);

        var refused = (await buyer.PostAsync("/v1/servicerequests/en-US", Scenario.CloudRequest(vm, bought.Id, supportTopicId: "quantum-entanglement")))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(refused.Json!["errors"]!["supportTopicId"]);

        Assert.Equal(25, (await buyer.GetAsync($"/v1/supportcontracts/{bought.Id}")).Int("remainingIncidents"));
        Assert.Empty((await buyer.GetAsync("/v1/servicerequests")).Items());
    }
}
