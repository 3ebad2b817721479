using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests;

/// <summary>
/// The source article's on-premises walk, as a new user clicks it: a partner's global admin
/// activates Microsoft Product Support and reads the IDs; a personal account opens Support for
/// Business, adds the contract by its IDs in step 2, submits, closes and reopens the request, and
/// finds the unavailable plan with its reason for an old version.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class OnPremisesJourneyTests(PortalFixture portal)
{
    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    [InlineData("es-ES")]
    public async Task Activate_see_the_IDs_link_them_from_a_personal_account_and_open_an_on_premises_request_in_two_steps(string language)
    {
        var lang = Lang.For(language);
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Contoso {n}");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var adminEmail = $"admin{n}@contoso.example";
        await app.UserAsync(org, adminEmail, "globalAdmin");
        var alexEmail = $"alex{n}@outlook.example";
        await app.UserAsync(null, alexEmail);
        var family = $"SQL Server {n}";
        foreach (var version in new[] { "2016", "2019", "2022" })
            await app.ProductAsync(family, version);
        var start = lang.Date(app.Today);
        var end = lang.Date(app.Today.AddYears(1));

        // The global admin: Technical benefits, Activate, and after the worker, the IDs.
        string accessId, contractId;
        await using (var admin = await portal.SignedInAsync(lang, adminEmail, "/benefits"))
        {
            var page = admin.Page;
            await Expect(page.Locator("h1")).ToHaveTextAsync(lang.BenefitsTitle);
            var row = page.Locator("tbody tr", new() { HasText = lang.ProductSupport });
            await Expect(row.Locator("td.status")).ToHaveTextAsync(Exactly(lang.StatusNotActivated));
            await Expect(page.Locator("tbody tr", new() { HasText = lang.SignatureCloudSupport })).ToHaveCountAsync(1);
            await admin.ScreenshotAsync("onprem-1-benefits");

            await row.GetByRole(AriaRole.Button, new() { Name = $"{lang.Activate} {lang.ProductSupport}" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.ActivationRequested);
            await admin.ScreenshotAsync("onprem-2-activation-requested");

            await ReloadUntilVisibleAsync(page, row.Locator("code.access-id"));
            await Expect(row.Locator("td.status")).ToHaveTextAsync(Exactly(lang.StatusActive));
            await Expect(row.Locator($"td[data-label='{lang.StartDate}']")).ToHaveTextAsync($"{start} – {end}");
            await Expect(row.Locator($"td[data-label='{lang.IncidentsRemaining}']")).ToHaveTextAsync("20");
            await Expect(row.Locator($"td[data-label='{lang.AccessId}']")).ToContainTextAsync($"{lang.ContractId}:");
            await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
            accessId = (await row.Locator("code.access-id").InnerTextAsync()).Trim();
            contractId = (await row.Locator("code.contract-id").InnerTextAsync()).Trim();
            Assert.NotEmpty(accessId);
            Assert.NotEmpty(contractId);
            await admin.ScreenshotAsync("onprem-3-benefit-active");
            admin.AssertNoProblems();
        }

        // A personal account: Support for Business, step 1 then step 2 with the IDs.
        await using var alex = await portal.SignedInAsync(lang, alexEmail, "/support/new");
        var p = alex.Page;
        await FillStepOneAsync(alex, $"{family} 2022 ({lang.ScopeOnPremises})", $"Server {n} does not start");
        await Expect(p.Locator("legend")).ToHaveTextAsync(lang.Step2);
        await Expect(p.GetByText(lang.NoAvailableContracts)).ToBeVisibleAsync();

        // A wrong Contract ID is refused in the page's language, and nothing typed is lost.
        await p.GetByLabel(lang.AccessId, new() { Exact = true }).FillAsync(accessId);
        await p.GetByLabel(lang.ContractId, new() { Exact = true }).FillAsync("WRONG-CONTRACT-ID");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.AddContract, Exact = true }).ClickAsync();
        await Expect(p.Locator(".alert.error")).ToHaveTextAsync(lang.ContractNotFound);
        await Expect(p.Locator("legend")).ToHaveTextAsync(lang.Step2);
        await Expect(p.Locator("main")).ToContainTextAsync($"Server {n} does not start");
        await Expect(p.GetByLabel(lang.AccessId, new() { Exact = true })).ToHaveValueAsync(accessId);
        await alex.ScreenshotAsync("onprem-4-step2-refused");

        await p.GetByLabel(lang.ContractId, new() { Exact = true }).FillAsync(contractId);
        await p.GetByRole(AriaRole.Button, new() { Name = lang.AddContract, Exact = true }).ClickAsync();
        await alex.SoftlyAsync("step 2 confirms the added contract", () =>
            Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.ContractLinked, new() { Timeout = 1000 }));
        var choice = p.GetByLabel(new Regex(
            "^" + Regex.Escape($"{lang.ProductSupport} — Contoso {n} · ") + ".+" + Regex.Escape($" · {lang.ContractId} {contractId} · {lang.AccessId} …{accessId[^4..]} · {start} – {end} · {lang.IncidentsRemaining}: 20") + "$"));
        await Expect(choice).ToBeCheckedAsync();
        await alex.ScreenshotAsync("onprem-5-step2-contract-added");

        await p.GetByRole(AriaRole.Button, new() { Name = lang.Submit, Exact = true }).ClickAsync();
        await Expect(p.Locator("h1")).ToHaveTextAsync($"Server {n} does not start");
        await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.RequestCreated);
        await Expect(p.Locator("dd.status")).ToHaveTextAsync(Exactly(lang.StatusOpen));
        await Expect(p.Locator("dd.remaining")).ToHaveTextAsync("19");
        await Expect(p.Locator("dd.consumed")).ToHaveTextAsync(lang.Yes);
        await alex.ScreenshotAsync("onprem-6-request");

        // Closed as a duplicate, the incident comes back; reopened, it is taken again.
        await p.GetByLabel(lang.Resolution, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = lang.ResolutionDuplicate });
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Close, Exact = true }).ClickAsync();
        await Expect(p.Locator("dd.status")).ToHaveTextAsync($"{lang.StatusClosed} — {lang.ResolutionDuplicate}");
        await Expect(p.Locator("dd.consumed")).ToHaveTextAsync(lang.No);
        await Expect(p.Locator("dd.remaining")).ToHaveTextAsync("20");
        await alex.ScreenshotAsync("onprem-7-request-closed-duplicate");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Reopen, Exact = true }).ClickAsync();
        await Expect(p.Locator("dd.status")).ToHaveTextAsync(Exactly(lang.StatusOpen));
        await Expect(p.Locator("dd.consumed")).ToHaveTextAsync(lang.Yes);
        await Expect(p.Locator("dd.remaining")).ToHaveTextAsync("19");

        // An old version (N-1): the contract is there, unavailable, and says why.
        await alex.NavigateAsync(lang.NavSupportForBusiness);
        await FillStepOneAsync(alex, $"{family} 2016 ({lang.ScopeOnPremises})", $"Old server {n} does not start");
        await Expect(p.GetByText(lang.NoAvailableContracts)).ToBeVisibleAsync();
        var unavailable = p.Locator("tr.unavailable", new() { HasText = lang.ProductSupport });
        await Expect(unavailable).ToBeHiddenAsync();
        await p.GetByText(lang.UnavailablePlans, new() { Exact = true }).ClickAsync();
        await Expect(unavailable).ToBeVisibleAsync();
        await Expect(unavailable.Locator("td.reason")).ToHaveTextAsync(lang.ReasonNotCovered);
        await Expect(unavailable.Locator($"td[data-label='{lang.IncidentsRemaining}']")).ToHaveTextAsync("19");
        await alex.ScreenshotAsync("onprem-8-unavailable-plans");
        alex.AssertNoProblems();
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    public async Task Step_one_refused_and_Back_from_step_two_keep_what_was_typed(string language)
    {
        var lang = Lang.For(language);
        var app = portal.App;
        var n = PortalApp.Next();
        var family = $"SharePoint Server {n}";
        await app.ProductAsync(family, "2019");
        var email = $"kim{n}@outlook.example";
        await app.UserAsync(null, email);

        await using var kim = await portal.SignedInAsync(lang, email, "/support/new");
        var p = kim.Page;
        var product = p.GetByLabel(lang.Product, new() { Exact = true });
        var title = p.GetByLabel(lang.Title, new() { Exact = true });
        var description = p.GetByLabel(lang.Description, new() { Exact = true });
        await product.SelectOptionAsync(new SelectOptionValue { Label = $"{family} 2019 ({lang.ScopeOnPremises})" });
        await title.FillAsync($"Site {n} is slow");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Next, Exact = true }).ClickAsync();

        // Refused for the missing description: the error is next to that field, the rest is kept.
        await Expect(p.Locator("[data-valmsg-for='Input.Description']")).ToHaveTextAsync(language == "pt-BR" ? "Descreva o problema." : "Describe the problem.");
        await Expect(title).ToHaveValueAsync($"Site {n} is slow");
        await Expect(product.Locator("option:checked")).ToHaveTextAsync($"{family} 2019 ({lang.ScopeOnPremises})");
        await kim.ScreenshotAsync("onprem-step1-refused");

        await description.FillAsync("Pages take a minute to load.");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Next, Exact = true }).ClickAsync();
        await Expect(p.Locator("legend")).ToHaveTextAsync(lang.Step2);

        // Back to step 1: what was typed is still there.
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Back, Exact = true }).ClickAsync();
        await Expect(title).ToBeVisibleAsync();
        await kim.SoftlyAsync("Back keeps the title", () => Expect(title).ToHaveValueAsync($"Site {n} is slow", new() { Timeout = 1000 }));
        await kim.SoftlyAsync("Back keeps the description", () => Expect(description).ToHaveValueAsync("Pages take a minute to load.", new() { Timeout = 1000 }));
        await kim.SoftlyAsync("Back keeps the product", () =>
            Expect(product.Locator("option:checked")).ToHaveTextAsync($"{family} 2019 ({lang.ScopeOnPremises})", new() { Timeout = 1000 }));
        kim.AssertNoProblems();
    }

    internal static Regex Exactly(string text) => new($"^\\s*{Regex.Escape(text)}\\s*$");

    internal static async Task FillStepOneAsync(Person person, string productLabel, string title)
    {
        var p = person.Page;
        var lang = person.Lang;
        await p.GetByLabel(lang.Product, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = productLabel });
        await p.GetByLabel(lang.Title, new() { Exact = true }).FillAsync(title);
        await p.GetByLabel(lang.Description, new() { Exact = true }).FillAsync("Event log shows error 41 after the update.");
        await p.GetByLabel(lang.Severity, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = lang.SeverityCritical });
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Next, Exact = true }).ClickAsync();
        await Expect(p.Locator("legend")).ToHaveTextAsync(lang.Step2);
    }

    /// <summary>The worker completes activations in the background: reload until its result shows.</summary>
    internal static async Task ReloadUntilVisibleAsync(IPage page, ILocator locator)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await locator.CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{page.Url}: still not shown after 20 s: {locator}");
            await Task.Delay(100);
            await page.ReloadAsync();
        }
        await Expect(locator).ToBeVisibleAsync();
    }
}
