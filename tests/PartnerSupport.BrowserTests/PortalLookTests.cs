using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using PartnerSupport.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests;

/// <summary>
/// How the portal looks to a person: every page of every role fits a phone, the operator's header
/// is one row on a laptop, a long title wraps, an Access or Contract ID never breaks, dates are
/// written as the page's language writes them, the home page shows what needs the person, and the
/// browser finds the site's icon.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class PortalLookTests(PortalFixture portal)
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    /// <summary>
    /// A partner (mpn and csp) whose admin is also admin agent, with an activated benefit whose
    /// contract is linked, a request whose title has no space in 200 characters, a customer, and
    /// a personal account that linked the same contract and opened a request of its own.
    /// </summary>
    private sealed record Setup(
        string AdminEmail, string PersonalEmail, string OrganizationId, string Tenant, string RequestId, string LongTitle,
        string PersonalRequestId, ActivatedBenefit Contract, string OnPremisesLabel, string Product);

    private async Task<Setup> SetUpAsync(Lang lang)
    {
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Northwind {n}", "mpn", "csp");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var admin = $"look{n}@northwind.example";
        await app.UserAsync(org, admin, "globalAdmin", "adminAgent");
        var personal = $"sam{n}@outlook.example";
        await app.UserAsync(null, personal);
        var tenant = $"wingtip{n}.onmicrosoft.com";
        await app.CustomerAsync(org, tenant, $"Wingtip {n}");
        var product = await app.ProductAsync($"SharePoint Server {n}", "2019");
        await app.ProductAsync($"Azure Functions {n}", "current", "cloud", "Azure");
        var ids = await app.ActivateAsync(admin, "productSupport");
        var number = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var longTitle = "Sync" + number + new string('x', 196 - number.Length);
        string request, personalRequest;
        var client = await app.SignInAsync(admin);
        using (client.Http)
        {
            (await client.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
            request = (await client.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId, longTitle)))
                .AssertStatus(HttpStatusCode.Created).Id;
        }
        var sam = await app.SignInAsync(personal);
        using (sam.Http)
        {
            (await sam.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
            personalRequest = (await sam.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId, $"Farm {n} search is down")))
                .AssertStatus(HttpStatusCode.Created).Id;
        }
        return new Setup(admin, personal, org, tenant, request, longTitle, personalRequest, ids, $"SharePoint Server {n} 2019 ({lang.ScopeOnPremises})", product);
    }

    private static string[] AdminPages(Setup s) =>
    [
        "/", "/benefits", "/support/new", "/support/plans", "/requests", $"/requests/{s.RequestId}", "/customers", $"/customers/{s.Tenant}",
        "/plans", "/alerts", "/requests/breaches", "/reports/usage", "/organization/users", "/organization/apikeys", "/account/security",
    ];

    private static string[] PersonalPages(Setup s) =>
        ["/", "/support/new", "/support/plans", "/requests", $"/requests/{s.PersonalRequestId}", "/plans", "/account/security"];

    private static string[] OperatorPages(Setup s) =>
    [
        "/", "/admin/organizations", $"/admin/organizations/{s.OrganizationId}", "/admin/activations", "/alerts", "/requests/breaches",
        "/reports/usage", "/requests", $"/requests/{s.RequestId}", "/support/new", "/support/plans", "/plans",
        "/admin/outbox", $"/organization/users?organizationId={s.OrganizationId}", $"/organization/apikeys?organizationId={s.OrganizationId}",
    ];

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("es-ES")]
    public async Task Every_page_of_every_role_fits_a_phone_without_sideways_scrolling(string language)
    {
        var lang = Lang.For(language);
        var s = await SetUpAsync(lang);
        var problems = new List<string>();

        await using (var anonymous = await portal.PersonAsync(lang.Code, width: PhoneWidth, height: PhoneHeight))
        {
            await anonymous.GotoAsync("/account/signin");
            await CheckFitsAsync(anonymous, "look-phone-signin", problems);
        }
        await using (var admin = await portal.SignedInAsync(lang, s.AdminEmail, "/", width: PhoneWidth, height: PhoneHeight))
        {
            foreach (var path in AdminPages(s))
            {
                await admin.GotoAsync(path);
                await CheckFitsAsync(admin, "look-phone-admin" + path.Replace('/', '-'), problems);
            }
            // Step 2 of Support for Business, the unavailable plans opened; and the header's menu opened.
            await admin.GotoAsync("/support/new");
            await OnPremisesJourneyTests.FillStepOneAsync(admin, s.OnPremisesLabel, "Search crawl stopped");
            await admin.Page.GetByText(lang.UnavailablePlans, new() { Exact = true }).ClickAsync();
            await CheckFitsAsync(admin, "look-phone-admin-support-new-step2", problems);
            await admin.Page.Locator("details.menu summary", new() { HasText = lang.NavManage }).ClickAsync();
            await CheckFitsAsync(admin, "look-phone-admin-menu", problems);
            admin.AssertNoProblems();
        }
        await using (var sam = await portal.SignedInAsync(lang, s.PersonalEmail, "/", width: PhoneWidth, height: PhoneHeight))
        {
            foreach (var path in PersonalPages(s))
            {
                await sam.GotoAsync(path);
                await CheckFitsAsync(sam, "look-phone-personal" + path.Replace('/', '-'), problems);
            }
            sam.AssertNoProblems();
        }
        await using (var op = await portal.SignedInAsync(lang, TestApp.OperatorEmail, "/", width: PhoneWidth, height: PhoneHeight))
        {
            foreach (var path in OperatorPages(s))
            {
                await op.GotoAsync(path);
                await CheckFitsAsync(op, "look-phone-operator" + path.Replace('/', '-'), problems);
            }
            op.AssertNoProblems();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task CheckFitsAsync(Person person, string shot, List<string> problems)
    {
        await person.ScreenshotAsync(shot);
        var (scroll, inner) = await WidthsAsync(person.Page);
        if (scroll > inner)
            problems.Add($"{person.Page.Url}: the page scrolls sideways ({scroll}px in a {inner}px window)");
    }

    private static async Task<(int Scroll, int Inner)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("es-ES")]
    public async Task The_header_is_one_row_on_a_1280_pixel_screen_with_every_link_in_view(string language)
    {
        var lang = Lang.For(language);
        await using (var op = await portal.SignedInAsync(lang, TestApp.OperatorEmail, "/", width: 1280, height: 800))
        {
            await AssertHeaderOneRowAsync(op, "look-operator-header-1280");
            // The back office pages are one click away in the Management menu.
            await op.NavigateAsync(lang.NavBackOffice);
            await Expect(op.Page.Locator("h1")).ToHaveTextAsync(lang.Organizations);
            op.AssertNoProblems();
        }
        // The longest navigation: a partner's global admin who is also admin agent.
        var n = PortalApp.Next();
        var org = await portal.App.OrganizationAsync($"Proseware {n}", "mpn", "csp");
        var email = $"all{n}@proseware.example";
        await portal.App.UserAsync(org, email, "globalAdmin", "adminAgent");
        await using var admin = await portal.SignedInAsync(lang, email, "/", width: 1280, height: 800);
        await AssertHeaderOneRowAsync(admin, "look-admin-header-1280");
        admin.AssertNoProblems();
    }

    private static async Task AssertHeaderOneRowAsync(Person person, string shot)
    {
        var header = await person.Page.EvaluateAsync<JsonElement>(
            """
            () => {
                const parts = [...document.querySelectorAll('.site-header > .brand, .site-nav > ul > li, .site-nav > .menu > summary, .session > form, .session > .menu > summary')]
                    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
                const list = document.querySelector('.site-nav > ul');
                return {
                    count: parts.length,
                    lowestTop: Math.max(...parts.map(r => r.top)),
                    highestBottom: Math.min(...parts.map(r => r.bottom)),
                    height: document.querySelector('.site-header').getBoundingClientRect().height,
                    hidden: list.scrollWidth - list.clientWidth,
                };
            }
            """);
        await person.ScreenshotAsync(shot);
        Assert.True(header.GetProperty("count").GetInt32() >= 6, "the header's parts were not found");
        // One row: every part overlaps the same horizontal band.
        Assert.True(header.GetProperty("lowestTop").GetDouble() < header.GetProperty("highestBottom").GetDouble(), $"{shot}: the header wraps: {header}");
        Assert.True(header.GetProperty("height").GetDouble() <= 80, $"{shot}: the header is {header.GetProperty("height")}px tall");
        Assert.True(header.GetProperty("hidden").GetDouble() <= 1, $"{shot}: navigation links are cut off: {header}");
    }

    [SkippableFact]
    public async Task A_long_title_without_spaces_wraps_inside_the_page()
    {
        var s = await SetUpAsync(Lang.En);
        await using var admin = await portal.SignedInAsync(Lang.En, s.AdminEmail, $"/requests/{s.RequestId}");
        var p = admin.Page;
        await Expect(p.Locator("h1")).ToHaveTextAsync(s.LongTitle);
        var (scroll, inner) = await WidthsAsync(p);
        Assert.True(scroll <= inner, $"the request page is {scroll}px wide in a {inner}px window");
        var h1 = (await p.Locator("h1").BoundingBoxAsync())!;
        Assert.True(h1.Height > 50, $"the title did not wrap onto more lines ({h1.Height}px high)");
        await admin.GotoAsync("/requests");
        (scroll, inner) = await WidthsAsync(p);
        Assert.True(scroll <= inner, $"the requests page is {scroll}px wide in a {inner}px window");
        await admin.ScreenshotAsync("look-long-title");
        admin.AssertNoProblems();
    }

    [SkippableTheory]
    [InlineData(1280)]
    [InlineData(PhoneWidth)]
    public async Task Access_and_Contract_IDs_are_never_broken_across_lines(int width)
    {
        var s = await SetUpAsync(Lang.PtBr);
        await using var admin = await portal.SignedInAsync(Lang.PtBr, s.AdminEmail, "/benefits", width: width);
        var p = admin.Page;
        await Expect(p.Locator("code.access-id")).ToHaveTextAsync(s.Contract.AccessId);
        var lines = await p.EvaluateAsync<JsonElement>(
            """
            () => [...document.querySelectorAll('code.id')].map(e => ({ text: e.textContent, lines: e.getClientRects().length }))
            """);
        Assert.True(lines.GetArrayLength() >= 2, "no ID on the page");
        foreach (var id in lines.EnumerateArray())
            Assert.True(id.GetProperty("lines").GetInt32() == 1, $"{id.GetProperty("text")} is broken over {id.GetProperty("lines")} lines at {width}px");
        var (scroll, inner) = await WidthsAsync(p);
        Assert.True(scroll <= inner, $"the benefits page is {scroll}px wide in a {inner}px window");
        await admin.ScreenshotAsync($"look-ids-{width}");
        admin.AssertNoProblems();
    }

    [SkippableFact]
    public async Task The_browser_finds_the_sites_icon_and_logs_no_error_for_it()
    {
        var s = await SetUpAsync(Lang.En);
        await using var person = await portal.PersonAsync("en");
        var failures = new List<string>();
        // Person leaves favicon.ico out of its checks; here every failed load counts, the icon's above all.
        person.Page.Console += (_, m) =>
        {
            if (m.Type == "error")
                lock (failures) failures.Add(m.Text);
        };
        person.Page.Response += (_, r) =>
        {
            if (r.Status >= 400)
                lock (failures) failures.Add($"{r.Url}: {r.Status}");
        };
        await person.GotoAsync("/account/signin");
        await person.SignInAsync(s.AdminEmail);
        await Expect(person.Page).ToHaveURLAsync(new Regex("/$"));
        await person.GotoAsync("/benefits");
        var icon = await person.Page.Locator("link[rel=icon]").GetAttributeAsync("href");
        Assert.NotNull(icon);
        var answer = await person.Context.APIRequest.GetAsync(icon);
        Assert.Equal(200, answer.Status);
        Assert.StartsWith("image/svg+xml", answer.Headers["content-type"], StringComparison.Ordinal);
        // Give the browser a moment to fetch the icon (it does so after the page has loaded).
        await person.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        lock (failures)
            Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    [InlineData("es-ES")]
    public async Task Dates_and_prices_are_written_as_the_pages_language_writes_them(string language)
    {
        var lang = Lang.For(language);
        var s = await SetUpAsync(lang);
        var today = portal.App.Today;
        await using var admin = await portal.SignedInAsync(lang, s.AdminEmail, "/benefits");
        var p = admin.Page;
        var row = p.Locator("tbody tr", new() { HasText = lang.ProductSupport });
        await Expect(row.Locator($"td[data-label='{lang.StartDate}']")).ToHaveTextAsync($"{lang.Date(today)} – {lang.Date(today.AddYears(1))}");
        await AssertNoIsoDateAsync(p);

        await admin.GotoAsync("/support/plans");
        await Expect(p.Locator("tr.contract", new() { HasText = lang.ProductSupport }).Locator($"td[data-label='{lang.EndDate}']"))
            .ToHaveTextAsync(lang.Date(today.AddYears(1)));
        await AssertNoIsoDateAsync(p);

        await admin.GotoAsync("/plans");
        var premier = p.Locator("tr.plan", new() { HasText = lang.PremierSupport }).Locator("td.price");
        await Expect(premier).ToHaveTextAsync(language switch
        {
            "pt-BR" => "USD 9.995,00",
            "es-ES" => "9.995,00 USD",
            _ => "USD 9,995.00",
        });
        await admin.ScreenshotAsync("look-prices");
        admin.AssertNoProblems();
    }

    private static async Task AssertNoIsoDateAsync(IPage page)
    {
        var text = await page.Locator("main").InnerTextAsync();
        var iso = IsoDate().Match(text);
        Assert.False(iso.Success, $"{page.Url} shows an ISO date: {iso.Value}");
    }

    [SkippableFact]
    public async Task The_home_page_shows_balances_open_requests_and_what_needs_the_person()
    {
        var lang = Lang.En;
        var s = await SetUpAsync(lang);
        await using (var admin = await portal.SignedInAsync(lang, s.AdminEmail, "/"))
        {
            var p = admin.Page;
            // Two requests took two of the contract's twenty incidents.
            var balance = p.Locator(".contract-balance", new() { HasText = lang.ProductSupport });
            await Expect(balance.Locator(".balance")).ToHaveTextAsync("18");
            await Expect(p.Locator("section.open-requests").GetByRole(AriaRole.Link, new() { Name = s.LongTitle })).ToBeVisibleAsync();
            // Signature Cloud Support was never activated: the admin is asked to.
            await Expect(p.Locator(".card[data-kind='benefits-to-activate']")).ToContainTextAsync(lang.SignatureCloudSupport);
            await Expect(p.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = lang.NavCustomers, Exact = true })).ToBeVisibleAsync();
            await admin.ScreenshotAsync("look-home-admin");
            admin.AssertNoProblems();
        }
        await using (var sam = await portal.SignedInAsync(lang, s.PersonalEmail, "/"))
        {
            var p = sam.Page;
            await Expect(p.Locator(".contract-balance .balance")).ToHaveTextAsync("18");
            await Expect(p.Locator("section.open-requests tr.request")).ToHaveCountAsync(1);
            // A personal account manages nothing: no back office, no customers, no benefits to activate.
            await Expect(p.Locator(".card[data-kind='benefits-to-activate']")).ToHaveCountAsync(0);
            await Expect(p.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = lang.NavCustomers, Exact = true })).ToHaveCountAsync(0);
            await Expect(p.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = lang.NavBackOffice, Exact = true })).ToHaveCountAsync(0);
            sam.AssertNoProblems();
        }
    }

    [SkippableFact]
    public async Task An_organization_without_membership_reads_the_wrong_account_sentence_once()
    {
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Litware {n}");
        var email = $"new{n}@litware.example";
        await app.UserAsync(org, email, "globalAdmin");
        await using var admin = await portal.SignedInAsync(Lang.En, email, "/benefits");
        var text = await admin.Page.Locator("main").InnerTextAsync();
        Assert.Contains("Looks like you don't have any benefits yet", text, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(text, "If your company has active membership offers"));
        admin.AssertNoProblems();
    }

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoDate();
}
