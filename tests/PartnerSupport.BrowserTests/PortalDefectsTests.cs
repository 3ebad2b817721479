using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests;

/// <summary>
/// What a new user ran into on the portal: a wizard that redrew itself without a word, balances
/// from the past, a form that bought twice, contracts that could not be told apart, a customer
/// page with no way to add a contract, and empty or wrong input answered with nothing useful.
/// Each test walks the page in the language where the defect showed.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalDefectsTests(PortalFixture portal)
{
    [SkippableFact]
    public async Task Step_two_with_several_contracts_asks_for_a_choice_and_shows_every_refusal_next_to_its_field()
    {
        var lang = Lang.En;
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Fabrikam {n}");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var email = $"admin{n}@fabrikam.example";
        await app.UserAsync(org, email, "globalAdmin");
        var family = $"Exchange Server {n}";
        await app.ProductAsync(family, "2019");
        var benefit = await app.ActivateAsync(email, "productSupport");
        var api = await app.SignInAsync(email);
        (await api.PostAsync("/v1/supportcontracts/links", new { accessId = benefit.AccessId, contractId = benefit.ContractId })).AssertStatus(HttpStatusCode.Created);
        (await api.PostAsync("/v1/supportplans/premier/purchase")).AssertStatus(HttpStatusCode.Created);

        await using var person = await portal.SignedInAsync(lang, email, "/support/new");
        var p = person.Page;
        await FillStepOneAsync(person, $"{family} 2019 ({lang.ScopeOnPremises})", $"Mail flow {n} stopped");
        var choices = p.GetByRole(AriaRole.Radio);
        await Expect(choices).ToHaveCountAsync(2);
        await Expect(p.GetByRole(AriaRole.Radio, new() { Checked = true })).ToHaveCountAsync(0);

        // Submit without a choice: step 2 again, saying what is missing next to the choice.
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Submit, Exact = true }).ClickAsync();
        await Expect(p.Locator("legend")).ToHaveTextAsync(lang.Step2);
        await Expect(p.Locator("#contract-choice-error")).ToHaveTextAsync("Choose one of your support contracts.");
        Assert.Empty((await api.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK).Items());

        // A description over the limit is refused on step 1, next to the description.
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Back, Exact = true }).ClickAsync();
        await p.GetByLabel(lang.Description, new() { Exact = true }).FillAsync(new string('x', 10_001));
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Next, Exact = true }).ClickAsync();
        await p.GetByLabel(new Regex("^Microsoft Product Support — ")).CheckAsync();
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Submit, Exact = true }).ClickAsync();
        await Expect(p.Locator("[data-valmsg-for='Input.Description']")).ToHaveTextAsync("At most 10000 characters.");
        await Expect(p.GetByLabel(lang.Title, new() { Exact = true })).ToHaveValueAsync($"Mail flow {n} stopped");
        Assert.Empty((await api.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK).Items());

        // The chosen contract runs out while the person is on step 2: the refusal says so, at the choice.
        await p.GetByLabel(lang.Description, new() { Exact = true }).FillAsync("Queue is growing since the update.");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Next, Exact = true }).ClickAsync();
        await p.GetByLabel(new Regex("^Microsoft Product Support — ")).CheckAsync();
        using (var scope = app.App.Services.CreateScope())
        {
            var adjusted = await scope.ServiceProvider.GetRequiredService<AdjustBalance>()
                .RunAsync(Caller.System, Guid.Parse(benefit.SupportContractId), -20, "Used up elsewhere");
            Assert.True(adjusted.IsSuccess);
        }
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Submit, Exact = true }).ClickAsync();
        await Expect(p.Locator("legend")).ToHaveTextAsync(lang.Step2);
        await Expect(p.Locator("#contract-choice-error")).ToHaveTextAsync(
            "This support contract has no incidents remaining. Purchase a partner support plan to get new incidents.");
        Assert.Empty((await api.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK).Items());

        // The one contract still usable is chosen already; Submit opens the request.
        await Expect(choices).ToHaveCountAsync(1);
        await Expect(choices).ToBeCheckedAsync();
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Submit, Exact = true }).ClickAsync();
        await Expect(p.Locator("h1")).ToHaveTextAsync($"Mail flow {n} stopped");
        Assert.Single((await api.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK).Items());
        person.AssertNoProblems();
    }

    [SkippableFact]
    public async Task Incidents_remaining_on_a_request_and_in_my_requests_is_the_contracts_balance_now()
    {
        var lang = Lang.En;
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Litware {n}");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var email = $"admin{n}@litware.example";
        await app.UserAsync(org, email, "globalAdmin");
        var product = await app.ProductAsync($"SharePoint Server {n}", "2019");
        var benefit = await app.ActivateAsync(email, "productSupport");
        var api = await app.SignInAsync(email);
        (await api.PostAsync("/v1/supportcontracts/links", new { accessId = benefit.AccessId, contractId = benefit.ContractId })).AssertStatus(HttpStatusCode.Created);
        var ids = new List<string>();
        foreach (var i in new[] { 1, 2, 3 })
        {
            var created = (await api.PostAsync("/v1/servicerequests/en-US", new
            {
                title = $"Search {n}-{i} is slow",
                description = "Crawls take hours.",
                severity = "minimal",
                productId = product,
                supportContractId = benefit.SupportContractId,
            })).AssertStatus(HttpStatusCode.Created);
            // The API keeps its meaning: the balance right after that request.
            Assert.Equal(20 - i, created.Int("remainingIncidents"));
            ids.Add(created.Id);
        }

        await using var person = await portal.SignedInAsync(lang, email, "/requests");
        var p = person.Page;
        var rows = p.Locator("tr.request");
        await Expect(rows).ToHaveCountAsync(3);
        foreach (var row in await rows.AllAsync())
            await Expect(row.Locator($"td[data-label='{lang.IncidentsRemaining}']")).ToHaveTextAsync("17");

        await person.GotoAsync($"/requests/{ids[0]}");
        await Expect(p.Locator("dd.remaining")).ToHaveTextAsync("17");
        person.AssertNoProblems();
    }

    [SkippableFact]
    public async Task Sending_the_create_form_or_the_purchase_twice_does_it_once_and_shows_the_first_result()
    {
        var lang = Lang.PtBr;
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Adatum {n}");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var email = $"admin{n}@adatum.example";
        await app.UserAsync(org, email, "globalAdmin");
        var family = $"Dynamics GP {n}";
        await app.ProductAsync(family, "2019");
        var benefit = await app.ActivateAsync(email, "productSupport");
        var api = await app.SignInAsync(email);
        (await api.PostAsync("/v1/supportcontracts/links", new { accessId = benefit.AccessId, contractId = benefit.ContractId })).AssertStatus(HttpStatusCode.Created);

        await using var person = await portal.SignedInAsync(lang, email, "/support/new");
        var p = person.Page;
        await FillStepOneAsync(person, $"{family} 2019 ({lang.ScopeOnPremises})", $"Posting {n} fails");
        var create = p.Locator("form", new() { Has = p.GetByRole(AriaRole.Button, new() { Name = lang.Submit, Exact = true }) });
        var fields = await FieldsAsync(create);
        Assert.Contains(fields, f => f.Key == "IdempotencyKey" && f.Value.Length > 0);

        // The same form sent twice (a reload, Back then send, a slow network): both answers lead to one request.
        var first = await PostAsync(person, "/support/new?handler=Create", fields);
        var second = await PostAsync(person, "/support/new?handler=Create", fields);
        Assert.Equal(302, first.Status);
        Assert.Equal(302, second.Status);
        Assert.Matches("^/requests/[0-9a-f-]{36}$", first.Headers["location"]);
        Assert.Equal(first.Headers["location"], second.Headers["location"]);
        // And pressed in the page a third time, it shows that same request.
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Submit, Exact = true }).ClickAsync();
        await Expect(p).ToHaveURLAsync(new Uri(app.BaseAddress, first.Headers["location"]).ToString());
        await Expect(p.Locator("h1")).ToHaveTextAsync($"Posting {n} fails");
        await Expect(p.Locator("dd.remaining")).ToHaveTextAsync("19");
        Assert.Single((await api.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK).Items());
        Assert.Equal(19, (await api.GetAsync($"/v1/supportcontracts/{benefit.SupportContractId}")).AssertStatus(HttpStatusCode.OK).Int("remainingIncidents"));

        // Closing: the close form sent twice closes once (one refund in the ledger).
        var close = p.Locator("form", new() { Has = p.GetByRole(AriaRole.Button, new() { Name = lang.Close, Exact = true }) });
        await p.GetByLabel(lang.Resolution, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = lang.ResolutionDuplicate });
        var closeFields = await FieldsAsync(close);
        var path = new Uri(p.Url).AbsolutePath;
        Assert.Equal(302, (await PostAsync(person, $"{path}?handler=Close", closeFields)).Status);
        Assert.Equal(302, (await PostAsync(person, $"{path}?handler=Close", closeFields)).Status);
        var ledger = (await api.GetAsync($"/v1/supportcontracts/{benefit.SupportContractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Single(ledger, e => e!.Str("kind") == "refund");

        // Buying: the confirm form sent twice buys one plan.
        await person.GotoAsync("/plans?review=advanced");
        var confirm = p.Locator("form", new() { Has = p.GetByRole(AriaRole.Button, new() { Name = lang.ConfirmPurchase, Exact = true }) });
        var confirmFields = await FieldsAsync(confirm);
        Assert.Equal(302, (await PostAsync(person, "/plans?handler=Confirm&id=advanced", confirmFields)).Status);
        Assert.Equal(302, (await PostAsync(person, "/plans?handler=Confirm&id=advanced", confirmFields)).Status);
        var contracts = (await api.GetAsync("/v1/supportcontracts")).AssertStatus(HttpStatusCode.OK);
        Assert.Single(contracts.Items("available").Concat(contracts.Items("unavailable")), c => c!.Str("source") == "purchase");

        // Every form that changes something on these pages carries its own key.
        foreach (var page in new[] { "/benefits", "/support/plans", "/plans?review=premier" })
        {
            await person.GotoAsync(page);
            var forms = p.Locator("main form[method='post']");
            foreach (var form in await forms.AllAsync())
                await Expect(form.Locator("input[name='IdempotencyKey']")).ToHaveCountAsync(1);
        }
        person.AssertNoProblems();
    }

    [SkippableFact]
    public async Task A_paid_plan_is_bought_only_after_a_review_of_plan_price_currency_and_what_it_grants()
    {
        var lang = Lang.EsEs;
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Tailspin {n}");
        var email = $"buyer{n}@tailspin.example";
        await app.UserAsync(org, email, "mpnPartnerAdmin");
        var api = await app.SignInAsync(email);

        await using var person = await portal.SignedInAsync(lang, email, "/plans");
        var p = person.Page;
        await p.GetByRole(AriaRole.Button, new() { Name = $"{lang.Purchase} {lang.PremierSupport}", Exact = true }).ClickAsync();
        var review = p.Locator("section.review");
        await Expect(review.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Revise su compra");
        await Expect(review.Locator("dd.plan-name")).ToHaveTextAsync(lang.PremierSupport);
        await Expect(review.Locator("dd.price")).ToHaveTextAsync("9.995,00");
        await Expect(review.Locator("dd.currency")).ToHaveTextAsync("USD");
        await Expect(review.Locator("dd.grants")).ToHaveTextAsync("50 incidentes; Todos los productos; 12 meses");
        // Nothing is bought by the first click.
        var none = (await api.GetAsync("/v1/supportcontracts")).AssertStatus(HttpStatusCode.OK);
        Assert.Empty(none.Items("available").Concat(none.Items("unavailable")));

        await review.GetByRole(AriaRole.Button, new() { Name = lang.ConfirmPurchase, Exact = true }).ClickAsync();
        var bought = p.Locator(".alert.ok", new() { Has = p.Locator("code.access-id") });
        await Expect(bought).ToContainTextAsync(lang.PremierSupport);
        await Expect(p.Locator("section.review")).ToHaveCountAsync(0);
        var after = (await api.GetAsync("/v1/supportcontracts")).AssertStatus(HttpStatusCode.OK);
        Assert.Single(after.Items("available").Concat(after.Items("unavailable")));
        person.AssertNoProblems();
    }

    [SkippableFact]
    public async Task Contracts_of_the_same_name_are_told_apart_by_organization_offer_and_IDs()
    {
        var lang = Lang.En;
        var app = portal.App;
        var n = PortalApp.Next();
        var email = $"pat{n}@outlook.example";
        await app.UserAsync(null, email);
        var api = await app.SignInAsync(email);
        var family = $"BizTalk Server {n}";
        await app.ProductAsync(family, "2020");
        var held = new List<(string Org, string Offer, ActivatedBenefit Ids)>();
        foreach (var (name, offer, competency) in new[] { ($"Northwind {n}", "gold", "Data Analytics"), ($"Woodgrove {n}", "silver", "Application Development") })
        {
            var org = await app.OrganizationAsync(name);
            await app.MembershipAsync(org, offer, competency);
            var admin = $"admin{n}@{name.Split(' ')[0].ToLowerInvariant()}.example";
            await app.UserAsync(org, admin, "globalAdmin");
            var ids = await app.ActivateAsync(admin, "productSupport");
            (await api.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
            held.Add((name, offer == "gold" ? $"Gold {competency}" : $"Silver {competency}", ids));
        }

        await using var person = await portal.SignedInAsync(lang, email, "/support/new");
        var p = person.Page;
        await FillStepOneAsync(person, $"{family} 2020 ({lang.ScopeOnPremises})", $"Orchestration {n} hangs");
        foreach (var (org, offer, ids) in held)
        {
            var incidents = offer.StartsWith("Gold", StringComparison.Ordinal) ? 20 : 15;
            var label = Regex.Escape($"Microsoft Product Support — {org} · {offer} · {lang.ContractId} {ids.ContractId} · {lang.AccessId} …{ids.AccessId[^4..]} · ")
                + Regex.Escape($"{lang.Date(app.Today)} – {lang.Date(app.Today.AddYears(1))} · {lang.IncidentsRemaining}: {incidents}");
            await Expect(p.GetByLabel(new Regex($"^{label}$"))).ToHaveCountAsync(1);
        }
        // The Access ID, half of what links a contract, is never shown whole where it is chosen.
        Assert.DoesNotContain(held[0].Ids.AccessId, await p.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await person.NavigateAsync(lang.NavSupportPlans);
        foreach (var (org, offer, ids) in held)
        {
            var row = p.Locator("tr.contract", new() { HasText = org });
            await Expect(row).ToContainTextAsync($"{offer} · {lang.ContractId} {ids.ContractId} · {lang.AccessId} …{ids.AccessId[^4..]}");
        }
        person.AssertNoProblems();
    }

    [SkippableFact]
    public async Task An_admin_agent_adds_a_contract_for_a_customer_where_a_refusal_says_the_next_step()
    {
        var lang = Lang.En;
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Relecloud {n}", "mpn", "csp");
        await app.MembershipAsync(org, "gold", "Cloud Productivity");
        var admin = $"admin{n}@relecloud.example";
        await app.UserAsync(org, admin, "globalAdmin");
        var agent = $"agent{n}@relecloud.example";
        await app.UserAsync(org, agent, "adminAgent");
        var tenant = $"customer{n}.example";
        await app.CustomerAsync(org, tenant, $"Customer {n}");
        var product = $"Exchange Online {n}";
        await app.ProductAsync(product, "current", "cloud", "Microsoft 365");
        var ids = await app.ActivateAsync(admin, "signatureCloudSupport");

        await using var person = await portal.SignedInAsync(lang, agent, $"/customers/{tenant}");
        var p = person.Page;
        await p.GetByLabel(lang.Workload, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = "microsoft365" });
        await p.GetByLabel(lang.Product, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"{product} current" });
        await p.GetByLabel(lang.Title, new() { Exact = true }).FillAsync($"Mailbox {n} not syncing");
        await p.GetByLabel(lang.Description, new() { Exact = true }).FillAsync("Outlook shows a sync error.");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Create, Exact = true }).ClickAsync();
        var planError = p.Locator("[data-valmsg-for='Input.SupportContractId']");
        await Expect(planError).ToContainTextAsync("Microsoft 365 requests need a support contract.");
        await Expect(planError).ToContainTextAsync("Next step: add the support contract under “Add contract” below, then choose it as the support plan.");

        // The way forward is on the same page.
        await p.GetByLabel(lang.AccessId, new() { Exact = true }).FillAsync(ids.AccessId);
        await p.GetByLabel(lang.ContractId, new() { Exact = true }).FillAsync(ids.ContractId);
        await p.GetByRole(AriaRole.Button, new() { Name = lang.AddContract, Exact = true }).ClickAsync();
        await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.ContractLinked);
        var plan = p.GetByLabel(lang.SupportPlan, new() { Exact = true });
        await Expect(plan).ToHaveValueAsync(ids.SupportContractId);
        await Expect(plan.Locator("option:checked")).ToContainTextAsync($"Signature Cloud Support — Relecloud {n}");

        await p.GetByLabel(lang.Workload, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = "microsoft365" });
        await p.GetByLabel(lang.Product, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"{product} current" });
        await p.GetByLabel(lang.Title, new() { Exact = true }).FillAsync($"Mailbox {n} not syncing");
        await p.GetByLabel(lang.Description, new() { Exact = true }).FillAsync("Outlook shows a sync error.");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Create, Exact = true }).ClickAsync();
        await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.RequestCreated);
        await Expect(p.Locator("tr.request", new() { HasText = $"Mailbox {n} not syncing" })).ToContainTextAsync("Microsoft 365");
        person.AssertNoProblems();
    }

    [SkippableFact]
    public async Task Empty_or_wrong_input_says_what_to_do_and_the_menu_offers_only_pages_the_account_may_open()
    {
        var lang = Lang.En;
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Contoso Pharma {n}");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var admin = $"admin{n}@contosopharma.example";
        await app.UserAsync(org, admin, "globalAdmin");
        var ids = await app.ActivateAsync(admin, "productSupport");
        var email = $"kim{n}@outlook.example";
        await app.UserAsync(null, email);

        await using var person = await portal.SignedInAsync(lang, email, "/support/new");
        var p = person.Page;

        // Step 1 sent empty: each field says what it needs.
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Next, Exact = true }).ClickAsync();
        await Expect(p.Locator("[data-valmsg-for='Input.ProductId']")).ToHaveTextAsync("Select a product.");
        await Expect(p.Locator("[data-valmsg-for='Input.Title']")).ToHaveTextAsync("Enter a title.");
        await Expect(p.Locator("[data-valmsg-for='Input.Description']")).ToHaveTextAsync("Describe the problem.");

        // Link support benefits sent empty: both IDs are asked for.
        await person.NavigateAsync(lang.NavSupportPlans);
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Link, Exact = true }).ClickAsync();
        await Expect(p.Locator("[data-valmsg-for='AccessId']")).ToHaveTextAsync("Enter the Access ID.");
        await Expect(p.Locator("[data-valmsg-for='ContractId']")).ToHaveTextAsync("Enter the Contract ID.");

        // Linked, then linked again: nothing went wrong, so it is information, not an error.
        await p.GetByLabel(lang.AccessId, new() { Exact = true }).FillAsync(ids.AccessId);
        await p.GetByLabel(lang.ContractId, new() { Exact = true }).FillAsync(ids.ContractId);
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Link, Exact = true }).ClickAsync();
        await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.ContractLinked);
        await p.GetByLabel(lang.AccessId, new() { Exact = true }).FillAsync(ids.AccessId);
        await p.GetByLabel(lang.ContractId, new() { Exact = true }).FillAsync(ids.ContractId);
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Link, Exact = true }).ClickAsync();
        await Expect(p.Locator(".notice.notice-info")).ToContainTextAsync("is already linked to your account: nothing needs doing.");
        await Expect(p.Locator(".alert.error")).ToHaveCountAsync(0);

        // Too many wrong pairs: the block says how long to wait (RateLimits:WrongPairsPerAccount, 5 in 15 minutes).
        for (var i = 0; i < 5; i++)
        {
            await p.GetByLabel(lang.AccessId, new() { Exact = true }).FillAsync(ids.AccessId);
            await p.GetByLabel(lang.ContractId, new() { Exact = true }).FillAsync($"WRONG{i}");
            await p.GetByRole(AriaRole.Button, new() { Name = lang.Link, Exact = true }).ClickAsync();
            await Expect(p.Locator(".alert.error")).ToHaveTextAsync(lang.ContractNotFound);
        }
        await p.GetByLabel(lang.AccessId, new() { Exact = true }).FillAsync(ids.AccessId);
        await p.GetByLabel(lang.ContractId, new() { Exact = true }).FillAsync("WRONG5");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Link, Exact = true }).ClickAsync();
        await Expect(p.Locator(".alert.error")).ToHaveTextAsync(new Regex(@"Too many wrong Access ID and Contract ID pairs\. Try again in 1[45] minutes\."));

        // The menu: a personal account has no benefits page, nor has a CSP-only organization's user; an MPN admin has.
        var nav = p.GetByRole(AriaRole.Navigation);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = lang.NavBenefits, Exact = true })).ToHaveCountAsync(0);
        var csp = await app.OrganizationAsync($"Cloud Only {n}", "csp");
        var cspUser = $"agent{n}@cloudonly.example";
        await app.UserAsync(csp, cspUser, "globalAdmin", "adminAgent");
        await using (var cspPerson = await portal.SignedInAsync(lang, cspUser, "/"))
        {
            var cspNav = cspPerson.Page.GetByRole(AriaRole.Navigation);
            await Expect(cspNav.GetByRole(AriaRole.Link, new() { Name = lang.NavCustomers, Exact = true })).ToHaveCountAsync(1);
            await Expect(cspNav.GetByRole(AriaRole.Link, new() { Name = lang.NavBenefits, Exact = true })).ToHaveCountAsync(0);
            cspPerson.AssertNoProblems();
        }
        await using (var mpnAdmin = await portal.SignedInAsync(lang, admin, "/"))
        {
            await mpnAdmin.NavigateAsync(lang.NavBenefits);
            await Expect(mpnAdmin.Page.Locator("h1")).ToHaveTextAsync(lang.BenefitsTitle);
            mpnAdmin.AssertNoProblems();
        }
        person.AssertNoProblems();
    }

    private static async Task FillStepOneAsync(Person person, string productLabel, string title)
    {
        var p = person.Page;
        var lang = person.Lang;
        await p.GetByLabel(lang.Product, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = productLabel });
        await p.GetByLabel(lang.Title, new() { Exact = true }).FillAsync(title);
        await p.GetByLabel(lang.Description, new() { Exact = true }).FillAsync("It stopped after the last update.");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Next, Exact = true }).ClickAsync();
        await Expect(p.Locator("legend")).ToHaveTextAsync(lang.Step2);
    }

    /// <summary>What the form would send now: every field, its antiforgery token and its key included.</summary>
    private static async Task<IReadOnlyList<KeyValuePair<string, string>>> FieldsAsync(ILocator form)
    {
        var pairs = await form.EvaluateAsync<string[][]>("f => [...new FormData(f)].map(([k, v]) => [k, String(v)])");
        return pairs.Select(pair => new KeyValuePair<string, string>(pair[0], pair[1])).ToList();
    }

    /// <summary>Sends a form as the browser would, with the person's cookies, without following the redirect.</summary>
    private static async Task<IAPIResponse> PostAsync(Person person, string path, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var form = person.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
            form.Append(name, value);
        // A browser sending a form again sends its language again too.
        return await person.Context.APIRequest.PostAsync(path, new()
        {
            Form = form,
            MaxRedirects = 0,
            Headers = new Dictionary<string, string> { ["Accept-Language"] = person.Lang.Code },
        });
    }
}
