using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PartnerSupport.BrowserTests.OnPremisesJourneyTests;

namespace PartnerSupport.BrowserTests;

/// <summary>
/// Help + support's Support plans with "Link support benefits" and a cloud request through the
/// wizard; an admin agent's Customers, Service management, New request with the CSP plan; a partner
/// admin buying Advanced Support for Partners.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class CloudCspAndPlansTests(PortalFixture portal)
{
    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    public async Task A_personal_account_links_Signature_Cloud_Support_on_Support_plans_and_opens_a_cloud_request(string language)
    {
        var lang = Lang.For(language);
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Litware {n}");
        await app.MembershipAsync(org, "gold", "Cloud Platform");
        var adminEmail = $"admin{n}@litware.example";
        await app.UserAsync(org, adminEmail, "globalAdmin");
        var ids = await app.ActivateAsync(adminEmail, "signatureCloudSupport");
        var family = $"Azure Virtual Machines {n}";
        await app.ProductAsync(family, "current", "cloud", "Azure");
        var samEmail = $"sam{n}@outlook.example";
        await app.UserAsync(null, samEmail);

        await using var sam = await portal.SignedInAsync(lang, samEmail, "/support/plans");
        var p = sam.Page;
        await Expect(p.Locator("h1")).ToHaveTextAsync(lang.NavSupportPlans);
        await Expect(p.GetByRole(AriaRole.Heading, new() { Name = lang.LinkSupportBenefits, Exact = true })).ToBeVisibleAsync();
        await p.GetByLabel(lang.AccessId, new() { Exact = true }).FillAsync(ids.AccessId);
        await p.GetByLabel(lang.ContractId, new() { Exact = true }).FillAsync(ids.ContractId);
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Link, Exact = true }).ClickAsync();
        await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.ContractLinked);
        var row = p.Locator("tr.contract", new() { HasText = lang.SignatureCloudSupport });
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(lang.ScopeCloud);
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync(lang.StatusActive);
        await Expect(row.Locator($"td[data-label='{lang.IncidentsRemaining}']")).ToHaveTextAsync(lang.Unlimited);
        await sam.ScreenshotAsync("cloud-1-support-plans-linked");

        await sam.NavigateAsync(lang.NavSupportForBusiness);
        await FillStepOneAsync(sam, $"{family} current ({lang.ScopeCloud})", $"VM {n} does not start");
        await Expect(p.GetByLabel(new System.Text.RegularExpressions.Regex($"^{lang.SignatureCloudSupport} — .*{lang.IncidentsRemaining}: {lang.Unlimited}$"))).ToBeCheckedAsync();
        await sam.ScreenshotAsync("cloud-2-step2");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Submit, Exact = true }).ClickAsync();
        await Expect(p.Locator("h1")).ToHaveTextAsync($"VM {n} does not start");
        await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.RequestCreated);
        await Expect(p.Locator("dd.status")).ToHaveTextAsync(Exactly(lang.StatusOpen));
        await Expect(p.Locator("dd.remaining")).ToHaveTextAsync(lang.Unlimited);
        await sam.ScreenshotAsync("cloud-3-request");
        sam.AssertNoProblems();
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    public async Task An_admin_agent_opens_an_Azure_request_for_a_customer_with_the_CSP_plan(string language)
    {
        var lang = Lang.For(language);
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Tailspin {n}", "mpn", "csp");
        var agentEmail = $"agent{n}@tailspin.example";
        await app.UserAsync(org, agentEmail, "adminAgent");
        var tenant = $"northwind{n}.onmicrosoft.com";
        await app.CustomerAsync(org, tenant, $"Northwind Traders {n}");
        var family = $"Azure Kubernetes Service {n}";
        await app.ProductAsync(family, "current", "cloud", "Azure");

        await using var agent = await portal.SignedInAsync(lang, agentEmail, "/");
        var p = agent.Page;
        await agent.NavigateAsync(lang.NavCustomers);
        var customer = p.Locator("tr.customer", new() { HasText = tenant });
        await Expect(customer).ToContainTextAsync($"Northwind Traders {n}");
        await customer.GetByRole(AriaRole.Link, new() { Name = lang.ServiceManagement, Exact = true }).ClickAsync();
        await Expect(p.Locator("h1")).ToHaveTextAsync($"{lang.ServiceManagement} — {tenant}");

        await p.GetByLabel(lang.Workload, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Azure (https://portal.azure.com)" });
        await p.GetByLabel(lang.Product, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"{family} current" });
        await p.GetByLabel(lang.SupportPlan, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = lang.CspPlan });
        await p.GetByLabel(lang.Title, new() { Exact = true }).FillAsync($"Cluster {n} cannot scale");
        await p.GetByLabel(lang.Description, new() { Exact = true }).FillAsync("Node pool stays at three nodes.");
        await p.GetByLabel(lang.Severity, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = lang.SeverityCritical });
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Create, Exact = true }).ClickAsync();

        await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.RequestCreated);
        var request = p.Locator("tr.request", new() { HasText = $"Cluster {n} cannot scale" });
        await Expect(request.Locator($"td[data-label='{lang.Workload}']")).ToHaveTextAsync("Azure");
        await Expect(request.Locator($"td[data-label='{lang.Product}']")).ToHaveTextAsync($"{family} current");
        await agent.ScreenshotAsync("csp-service-management");

        await request.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(p.Locator("h1")).ToHaveTextAsync($"Cluster {n} cannot scale");
        await Expect(p.Locator("dd.status")).ToHaveTextAsync(Exactly(lang.StatusOpen));
        await Expect(p.Locator("dd.consumed")).ToHaveTextAsync(lang.No);
        agent.AssertNoProblems();
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("es-ES")]
    public async Task A_partner_admin_buys_Advanced_Support_for_Partners_and_sees_its_IDs(string language)
    {
        var lang = Lang.For(language);
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Proseware {n}");
        var adminEmail = $"buyer{n}@proseware.example";
        await app.UserAsync(org, adminEmail, "mpnPartnerAdmin");

        await using var admin = await portal.SignedInAsync(lang, adminEmail, "/");
        var p = admin.Page;
        await admin.NavigateAsync(lang.NavPartnerPlans);
        await Expect(p.Locator("h1")).ToHaveTextAsync(lang.NavPartnerPlans);
        await Expect(p.Locator("tr.plan")).ToHaveCountAsync(2);
        await Expect(p.Locator("tr.plan", new() { HasText = lang.PremierSupport })).ToContainTextAsync(lang.Purchase);
        await admin.ScreenshotAsync("plans-1-compare");

        await p.GetByRole(AriaRole.Button, new() { Name = $"{lang.Purchase} {lang.AdvancedSupport}", Exact = true }).ClickAsync();
        await p.GetByRole(AriaRole.Button, new() { Name = lang.ConfirmPurchase, Exact = true }).ClickAsync();
        var bought = p.Locator(".alert.ok", new() { Has = p.Locator("code.access-id") });
        await Expect(bought).ToContainTextAsync(lang.AdvancedSupport);
        await Expect(bought.Locator("code.access-id")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("\\S"));
        await Expect(bought.Locator("code.contract-id")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("\\S"));
        await admin.SoftlyAsync("the purchase is confirmed", () =>
            Expect(p.Locator(".alert.ok").First).ToHaveTextAsync(lang.Purchased, new() { Timeout = 1000 }));
        await admin.ScreenshotAsync("plans-2-purchased");

        await admin.NavigateAsync(lang.NavSupportPlans);
        var contract = p.Locator("tr.contract", new() { HasText = lang.AdvancedSupport });
        await Expect(contract.Locator($"td[data-label='{lang.IncidentsRemaining}']")).ToHaveTextAsync("25");
        admin.AssertNoProblems();
    }
}
