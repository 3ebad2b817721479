using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Entitlements;

/// <summary>
/// The source article's table, cell by cell, as a new partner sees it through the API: the back
/// office records an MPN organization and its membership, a user of that organization opens the
/// Technical benefits page (GET /v1/benefits).
/// </summary>
/// <remarks>Every cell only needs an organization of its own, so one server serves them all.</remarks>
public sealed class CatalogTableTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string ProductSupport = "productSupport";
    private const string SignatureCloudSupport = "signatureCloudSupport";

    [SkippableFact]
    public async Task Action_Pack_grants_10_product_support_incidents_and_no_Signature_Cloud_Support()
    {
        var (user, membership) = await NewPartnerAsync(fixture.App, "actionPack", null);

        var items = (await user.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items();

        var benefit = Assert.Single(items)!;
        AssertBenefit(benefit, ProductSupport, membership, "actionPack", null, 10);
        Assert.DoesNotContain(items, b => b!.Str("type") == SignatureCloudSupport);
    }

    [SkippableTheory]
    [InlineData("silver", "Security", 15)]
    [InlineData("silver", "Cloud Business Applications", 15)]
    [InlineData("silver", "Cloud Platform", 15)]
    [InlineData("silver", "Cloud Productivity", 15)]
    [InlineData("silver", "Enterprise Mobility Management", 15)]
    [InlineData("silver", "Small and Midmarket Cloud Solutions", 15)]
    [InlineData("gold", "Security", 20)]
    [InlineData("gold", "Cloud Business Applications", 20)]
    [InlineData("gold", "Cloud Platform", 20)]
    [InlineData("gold", "Cloud Productivity", 20)]
    [InlineData("gold", "Enterprise Mobility Management", 20)]
    [InlineData("gold", "Small and Midmarket Cloud Solutions", 20)]
    public async Task A_cloud_competency_grants_its_offers_product_support_and_unlimited_Signature_Cloud_Support(string offer, string competency, int productSupportIncidents)
    {
        var (user, membership) = await NewPartnerAsync(fixture.App, offer, competency);

        var items = (await user.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items();

        Assert.Equal(2, items.Count);
        AssertBenefit(Of(items, ProductSupport), ProductSupport, membership, offer, competency, productSupportIncidents);
        AssertBenefit(Of(items, SignatureCloudSupport), SignatureCloudSupport, membership, offer, competency, null);
    }

    [SkippableTheory]
    [InlineData("silver", "Data Analytics", 15, 5)]
    [InlineData("silver", "Application Development", 15, 5)]
    [InlineData("silver", "Data Platform", 15, 5)]
    [InlineData("gold", "Data Analytics", 20, 10)]
    [InlineData("gold", "Application Development", 20, 10)]
    [InlineData("gold", "Data Platform", 20, 10)]
    public async Task Any_other_competency_grants_its_offers_product_support_and_a_Signature_pack(string offer, string competency, int productSupportIncidents, int signatureIncidents)
    {
        var (user, membership) = await NewPartnerAsync(fixture.App, offer, competency);

        var items = (await user.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items();

        Assert.Equal(2, items.Count);
        AssertBenefit(Of(items, ProductSupport), ProductSupport, membership, offer, competency, productSupportIncidents);
        AssertBenefit(Of(items, SignatureCloudSupport), SignatureCloudSupport, membership, offer, competency, signatureIncidents);
    }

    /// <summary>"unlimited" and "none" stand for the article's words; numbers are incident counts.</summary>
    [SkippableTheory]
    [InlineData("actionPack", null, 10, "none")]
    [InlineData("silver", "Cloud Platform", 15, "unlimited")]
    [InlineData("silver", "Data Analytics", 15, "5")]
    [InlineData("gold", "Security", 20, "unlimited")]
    [InlineData("gold", "Application Development", 20, "10")]
    public async Task Activating_each_benefit_gives_a_contract_holding_the_cells_incidents(string offer, string? competency, int productSupportIncidents, string signature)
    {
        var (admin, _) = await NewPartnerAsync(fixture.App, offer, competency, "globalAdmin");
        var expected = new Dictionary<string, int?> { [ProductSupport] = productSupportIncidents };
        if (signature != "none")
            expected[SignatureCloudSupport] = signature == "unlimited" ? null : int.Parse(signature, CultureInfo.InvariantCulture);

        foreach (var (type, incidents) in expected)
        {
            var benefitId = Of((await admin.GetAsync("/v1/benefits")).Items(), type).Str("id");
            (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertStatus(HttpStatusCode.Accepted);
            var ids = await Scenario.WaitForActiveAsync(admin, benefitId);

            var contract = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal(incidents, contract.Int("totalIncidents"));
            Assert.Equal(incidents, contract.Int("remainingIncidents"));
            Assert.Equal(type == ProductSupport ? "onPremises" : "cloud", contract.Str("scope"));
            Assert.Equal("benefit", contract.Str("source"));
            Assert.Equal("active", contract.Str("status"));

            var benefit = Of((await admin.GetAsync("/v1/benefits")).Items(), type);
            Assert.Equal("active", benefit.Str("status"));
            Assert.Equal(incidents, benefit.Int("incidents"));
            Assert.Equal(incidents, benefit.Int("remainingIncidents"));

            var grant = Assert.Single((await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/ledger")).Items())!;
            Assert.Equal("grant", grant.Str("kind"));
            Assert.Equal(incidents ?? 0, grant.Int("delta"));
            Assert.Equal(incidents, grant.Int("balanceAfter"));
        }
    }

    [SkippableTheory]
    [InlineData("silver", "Security", true)]
    [InlineData("silver", "Cloud Business Applications", true)]
    [InlineData("gold", "Cloud Platform", true)]
    [InlineData("gold", "Cloud Productivity", true)]
    [InlineData("silver", "Enterprise Mobility Management", true)]
    [InlineData("gold", "Small and Midmarket Cloud Solutions", true)]
    [InlineData("silver", "Data Analytics", false)]
    [InlineData("gold", "Application Development", false)]
    [InlineData("actionPack", null, false)]
    public async Task A_membership_records_whether_its_competency_is_a_cloud_competency(string offer, string? competency, bool cloud)
    {
        var s = await Scenario.StartAsync(fixture.App);
        var org = await s.OrganizationAsync();
        var today = DateOnly.FromDateTime(fixture.App.Time.GetUtcNow().UtcDateTime);

        var membership = (await s.Operator.PostAsync($"/v1/organizations/{org}/memberships", new
        {
            offer,
            competency,
            startDate = today.AddDays(-1),
            endDate = today.AddYears(1),
        })).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(cloud, membership.Json!["isCloudCompetency"]!.GetValue<bool>());
        Assert.Equal(offer, membership.Str("offer"));
        Assert.Equal(competency, membership.Json["competency"]?.GetValue<string>());
        Assert.Equal(today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), membership.Str("startDate"));
    }

    [SkippableFact]
    public async Task An_operator_can_run_with_another_catalog_file_and_benefits_follow_it()
    {
        // An app of its own: the catalog file is read at start, and the shared app runs the default one.
        await using var db = await TestDatabase.CreateAsync();
        var path = Path.Combine(db.Folder, "catalog.json");
        await File.WriteAllTextAsync(path, """
            {
              // Another program's table: other numbers, other cloud competencies.
              "cloudCompetencies": [ "Cloud Platform", "Artificial Intelligence" ],
              "benefits": [
                {
                  "type": "productSupport",
                  "name": "Premium Product Support",
                  "scope": "onPremises",
                  "grants": [
                    { "offer": "actionPack", "competency": "any", "incidents": 2 },
                    { "offer": "silver", "competency": "any", "incidents": 4 },
                    { "offer": "gold", "competency": "any", "incidents": 6 }
                  ]
                },
                {
                  "type": "signatureCloudSupport",
                  "name": "Cloud Support Pack",
                  "scope": "cloud",
                  "grants": [
                    { "offer": "actionPack", "competency": "any", "incidents": 1 },
                    { "offer": "silver", "competency": "cloud", "incidents": 3 },
                    { "offer": "silver", "competency": "other", "unlimited": true },
                    { "offer": "gold", "competency": "any", "incidents": 8 }
                  ]
                }
              ]
            }
            """);
        await using var app = new TestApp(db, settings: new Dictionary<string, string?> { ["Catalog:Path"] = path });

        // (offer, competency) → (is cloud, product support, cloud support; null = unlimited)
        var cases = new (string Offer, string? Competency, bool IsCloud, int? Product, int? Signature)[]
        {
            ("actionPack", null, false, 2, 1),
            ("silver", "Artificial Intelligence", true, 4, 3),
            ("silver", "Security", false, 4, null),
            ("gold", "Data Analytics", false, 6, 8),
        };
        foreach (var c in cases)
        {
            var s = await Scenario.StartAsync(app);
            var org = await s.OrganizationAsync();
            var user = await s.UserAsync(org, $"{Guid.NewGuid():N}@catalog.example", "globalAdmin");
            var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
            var membership = (await s.Operator.PostAsync($"/v1/organizations/{org}/memberships", new
            {
                offer = c.Offer,
                competency = c.Competency,
                startDate = today.AddDays(-1),
                endDate = today.AddYears(1),
            })).AssertStatus(HttpStatusCode.Created);
            Assert.Equal(c.IsCloud, membership.Json!["isCloudCompetency"]!.GetValue<bool>());

            var items = (await user.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items();
            Assert.Equal(2, items.Count);
            var product = Of(items, ProductSupport);
            Assert.Equal("Premium Product Support", product.Str("name"));
            Assert.Equal(c.Product, product.Int("incidents"));
            var cloud = Of(items, SignatureCloudSupport);
            Assert.Equal("Cloud Support Pack", cloud.Str("name"));
            Assert.Equal(c.Signature, cloud.Int("incidents"));

            var ids = await s.ActivateAsync(user, SignatureCloudSupport);
            var contract = (await user.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal(c.Signature, contract.Int("totalIncidents"));
            Assert.Equal(c.Signature, contract.Int("remainingIncidents"));
        }
    }

    private static async Task<(ApiClient User, string MembershipId)> NewPartnerAsync(TestApp app, string offer, string? competency, params string[] roles)
    {
        var s = await Scenario.StartAsync(app);
        var org = await s.OrganizationAsync();
        var user = await s.UserAsync(org, $"{Guid.NewGuid():N}@fabrikam.example", roles);
        var membership = await s.MembershipAsync(org, offer, competency);
        return (user, membership);
    }

    private static JsonNode Of(JsonArray items, string type) => Assert.Single(items, b => b!.Str("type") == type)!;

    private static void AssertBenefit(JsonNode benefit, string type, string membershipId, string offer, string? competency, int? incidents)
    {
        Assert.Equal(type, benefit.Str("type"));
        Assert.Equal(type == ProductSupport ? "Microsoft Product Support" : "Signature Cloud Support", benefit.Str("name"));
        Assert.Equal(type == ProductSupport ? "onPremises" : "cloud", benefit.Str("scope"));
        Assert.Equal(membershipId, benefit.Str("membershipId"));
        Assert.Equal(offer, benefit.Str("offer"));
        Assert.Equal(competency, benefit["competency"]?.GetValue<string>());
        Assert.Equal(incidents, benefit.Int("incidents"));
        Assert.True(benefit.AsObject().ContainsKey("incidents"), "incidents must be present (null means unlimited)");
        Assert.Equal("notActivated", benefit.Str("status"));
        foreach (var pending in new[] { "accessId", "contractId", "supportContractId", "startDate", "endDate", "remainingIncidents" })
            Assert.Null(benefit[pending]);
    }
}
