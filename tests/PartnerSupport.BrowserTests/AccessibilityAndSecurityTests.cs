using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using PartnerSupport.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests;

/// <summary>
/// What every page owes a person: labels on every field, a phone-sized screen without sideways
/// scrolling, keyboard focus that starts at the skip link and shows, forms that refuse a post
/// without their antiforgery token, refusals that keep what was typed, the language of the browser
/// or of the Language selector, and a sign-out that ends the session.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AccessibilityAndSecurityTests(PortalFixture portal)
{
    /// <summary>An organization in mpn and csp with every page's data: benefit, contract, request, customer.</summary>
    private sealed record Setup(string Email, string OrganizationId, string Tenant, string RequestId, string OnPremisesLabel);

    private async Task<Setup> SetUpAsync(Lang lang)
    {
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Adatum {n}", "mpn", "csp");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var email = $"everything{n}@adatum.example";
        await app.UserAsync(org, email, "globalAdmin", "adminAgent");
        var tenant = $"fourthcoffee{n}.onmicrosoft.com";
        await app.CustomerAsync(org, tenant, $"Fourth Coffee {n}");
        var product = await app.ProductAsync($"Exchange Server {n}", "2019");
        await app.ProductAsync($"Azure Functions {n}", "current", "cloud", "Azure");
        var ids = await app.ActivateAsync(email, "productSupport");
        var client = await app.SignInAsync(email);
        using var http = client.Http;
        (await client.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
        var request = (await client.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId, $"Mailbox {n} does not sync")))
            .AssertStatus(HttpStatusCode.Created).Id;
        return new Setup(email, org, tenant, request, $"Exchange Server {n} 2019 ({lang.ScopeOnPremises})");
    }

    /// <summary>The pages a partner's admin reaches (work account in mpn and csp, global admin and admin agent).</summary>
    private static (string Path, string Name)[] PartnerPages(Setup s) =>
    [
        ("/", "home"), ("/benefits", "benefits"), ("/support/new", "support-new"), ("/support/plans", "support-plans"), ("/requests", "requests"),
        ($"/requests/{s.RequestId}", "request-details"), ("/customers", "customers"), ($"/customers/{s.Tenant}", "customer-service-management"),
        ("/plans", "partner-plans"), ("/organization/users", "organization-users"), ("/organization/apikeys", "organization-apikeys"),
        ("/account/security", "account-security"),
    ];

    private static (string Path, string Name)[] OperatorPages(Setup s) =>
        [("/admin/organizations", "admin-organizations"), ($"/admin/organizations/{s.OrganizationId}", "admin-organization"), ("/admin/activations", "admin-activations"),
            ("/admin/outbox", "admin-outbox")];

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    public async Task Every_page_labels_every_field_and_fits_a_phone_without_sideways_scrolling(string language)
    {
        var lang = Lang.For(language);
        var s = await SetUpAsync(lang);
        var problems = new List<string>();

        await using (var anonymous = await portal.PersonAsync(lang.Code, width: 375, height: 667))
        {
            await anonymous.GotoAsync("/account/signin");
            await CheckPageAsync(anonymous, "phone-signin", problems);
        }

        await using (var admin = await portal.SignedInAsync(lang, s.Email, "/", width: 375, height: 667))
        {
            foreach (var (path, name) in PartnerPages(s))
            {
                await admin.GotoAsync(path);
                await CheckPageAsync(admin, "phone-" + name, problems);
            }
            // Step 2 of Support for Business, with the linked contract and the unavailable plans opened.
            await admin.GotoAsync("/support/new");
            await OnPremisesJourneyTests.FillStepOneAsync(admin, s.OnPremisesLabel, "Mail flow stopped");
            await admin.Page.GetByText(lang.UnavailablePlans, new() { Exact = true }).ClickAsync();
            await CheckPageAsync(admin, "phone-support-new-step2", problems);
            admin.AssertNoProblems();
        }

        await using (var op = await portal.SignedInAsync(lang, TestApp.OperatorEmail, "/", width: 375, height: 667))
        {
            foreach (var (path, name) in OperatorPages(s))
            {
                await op.GotoAsync(path);
                await CheckPageAsync(op, "phone-" + name, problems);
            }
            op.AssertNoProblems();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task CheckPageAsync(Person person, string shot, List<string> problems)
    {
        await person.ScreenshotAsync(shot);
        try
        {
            await person.AssertEveryFieldLabelledAsync();
        }
        catch (Xunit.Sdk.XunitException e)
        {
            problems.Add(e.Message);
        }
        try
        {
            await person.AssertNoHorizontalScrollAsync();
        }
        catch (Xunit.Sdk.XunitException e)
        {
            problems.Add(e.Message);
        }
    }

    [SkippableFact]
    public async Task Every_post_form_on_every_page_carries_an_antiforgery_token()
    {
        var s = await SetUpAsync(Lang.En);
        var missing = new List<string>();

        await using (var anonymous = await portal.PersonAsync("en"))
        {
            await anonymous.GotoAsync("/account/signin");
            missing.AddRange(await FormsWithoutTokenAsync(anonymous.Page));
        }
        await using (var admin = await portal.SignedInAsync(Lang.En, s.Email, "/"))
        {
            foreach (var (path, _) in PartnerPages(s))
            {
                await admin.GotoAsync(path);
                missing.AddRange(await FormsWithoutTokenAsync(admin.Page));
            }
        }
        await using (var op = await portal.SignedInAsync(Lang.En, TestApp.OperatorEmail, "/"))
        {
            foreach (var (path, _) in OperatorPages(s))
            {
                await op.GotoAsync(path);
                missing.AddRange(await FormsWithoutTokenAsync(op.Page));
            }
        }
        Assert.True(missing.Count == 0, "POST forms without __RequestVerificationToken (each is refused with 400 when submitted):\n" + string.Join("\n", missing.Distinct()));
    }

    private static async Task<string[]> FormsWithoutTokenAsync(IPage page)
    {
        var forms = await page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('form')]
                .filter(f => f.method === 'post' && !f.querySelector('input[name="__RequestVerificationToken"]'))
                .map(f => 'form action=' + f.getAttribute('action'))
            """);
        return [.. forms.Select(f => $"{new Uri(page.Url).AbsolutePath}: {f}")];
    }

    [SkippableFact]
    public async Task A_post_to_a_portal_form_without_its_antiforgery_token_is_refused_with_400()
    {
        var app = portal.App;
        var n = PortalApp.Next();
        var email = $"robin{n}@outlook.example";
        await app.UserAsync(null, email);

        await using var person = await portal.PersonAsync("en");
        var request = person.Context.APIRequest;
        await person.GotoAsync("/account/signin");
        var token = await person.Page.Locator("main form input[name='__RequestVerificationToken']").GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token));

        // The sign-in form, with the person's own cookies but without the token: refused.
        var signIn = request.CreateFormData();
        signIn.Set("Email", email);
        signIn.Set("Password", TestApp.Password);
        Assert.Equal(400, (await request.PostAsync("/account/signin", new() { Form = signIn, MaxRedirects = 0 })).Status);
        // The same with the page's token: signed in and sent on.
        signIn.Set("__RequestVerificationToken", token!);
        var signedIn = await request.PostAsync("/account/signin", new() { Form = signIn, MaxRedirects = 0 });
        Assert.Equal(302, signedIn.Status);

        // Signed in, Link support benefits without the token: refused before anything is looked up.
        var link = request.CreateFormData();
        link.Set("AccessId", "0000000000");
        link.Set("ContractId", "0000000000");
        Assert.Equal(400, (await request.PostAsync("/support/plans", new() { Form = link, MaxRedirects = 0 })).Status);

        // The Language selector's endpoint itself takes a form that carries a token (any of the page's).
        var culture = request.CreateFormData();
        culture.Set("culture", "pt-BR");
        culture.Set("returnUrl", "/support/plans");
        Assert.Equal(400, (await request.PostAsync("/account/culture", new() { Form = culture, MaxRedirects = 0 })).Status);
        await person.GotoAsync("/support/plans");
        culture.Set("__RequestVerificationToken", (await person.Page.Locator("main form input[name='__RequestVerificationToken']").GetAttributeAsync("value"))!);
        var switched = await request.PostAsync("/account/culture", new() { Form = culture, MaxRedirects = 0 });
        Assert.Equal(302, switched.Status);
        Assert.Equal("/support/plans", switched.Headers["location"]);
        await person.GotoAsync("/support/plans");
        await Expect(person.Page.Locator("html")).ToHaveAttributeAsync("lang", "pt-BR");

        // From an HttpClient (no cookies, no token) the same.
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var bare = await http.PostAsync("/account/culture", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "pt-BR", ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("es-ES")]
    public async Task Tab_first_reaches_the_skip_link_which_shows_its_focus_and_leads_to_the_content(string language)
    {
        var lang = Lang.For(language);
        var n = PortalApp.Next();
        var org = await portal.App.OrganizationAsync($"Alpine {n}");
        var email = $"keys{n}@alpine.example";
        await portal.App.UserAsync(org, email, "globalAdmin");

        await using var person = await portal.SignedInAsync(lang, email, "/benefits");
        var p = person.Page;
        await p.Keyboard.PressAsync("Tab");
        var focused = p.Locator(":focus");
        await Expect(focused).ToHaveTextAsync(lang.SkipToContent);
        await Expect(focused).ToHaveAttributeAsync("href", "#main");
        await Expect(focused).ToBeInViewportAsync();
        var focusStyle = await p.EvaluateAsync<JsonElement>(
            "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }");
        Assert.NotEqual("none", focusStyle[0].GetString());
        Assert.NotEqual("0px", focusStyle[1].GetString());
        await person.ScreenshotAsync("focus-skip-link");

        await p.Keyboard.PressAsync("Enter");
        await Expect(p.Locator(":focus")).ToHaveIdAsync("main");
        await Expect(p).ToHaveURLAsync(new Regex("/benefits#main$"));
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    [InlineData("es-ES")]
    public async Task A_wrong_password_is_refused_in_the_page_language_and_keeps_the_email(string language)
    {
        var lang = Lang.For(language);
        var n = PortalApp.Next();
        var email = $"typo{n}@outlook.example";
        await portal.App.UserAsync(null, email);

        await using var person = await portal.PersonAsync(lang.Code);
        var p = person.Page;
        await person.GotoAsync("/account/signin");
        await person.SignInAsync(email, "not the password");
        await Expect(p.Locator(".alert.error")).ToHaveTextAsync(lang.InvalidCredentials);
        await Expect(p.Locator("h1")).ToHaveTextAsync(lang.SignInTitle);
        await Expect(p.GetByLabel(lang.Email, new() { Exact = true })).ToHaveValueAsync(email);
        await Expect(p.GetByLabel(lang.Password, new() { Exact = true })).ToHaveValueAsync("");
        await person.ScreenshotAsync("signin-refused");

        await p.GetByLabel(lang.Password, new() { Exact = true }).FillAsync(TestApp.Password);
        await p.GetByRole(AriaRole.Button, new() { Name = lang.SignIn, Exact = true }).ClickAsync();
        await Expect(p.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = lang.NavSupportForBusiness, Exact = true })).ToBeVisibleAsync();
        person.AssertNoProblems();
    }

    [SkippableTheory]
    [InlineData("en-US", "en")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("es-ES", "es-ES")]
    [InlineData("fr-FR", "en")]
    public async Task The_browser_language_chooses_the_portal_language(string browserLocale, string expected)
    {
        var lang = Lang.For(expected);
        await using var person = await portal.PersonAsync(browserLocale);
        await person.GotoAsync("/account/signin");
        await Expect(person.Page.Locator("html")).ToHaveAttributeAsync("lang", lang.Code);
        await Expect(person.Page.Locator("h1")).ToHaveTextAsync(lang.SignInTitle);
        await Expect(person.Page.GetByLabel(lang.Language, new() { Exact = true })).ToHaveValueAsync(lang.Code);
    }

    [SkippableTheory]
    [InlineData("pt-BR", "en")]
    [InlineData("en-US", "pt-BR")]
    [InlineData("en-US", "es-ES")]
    public async Task The_language_selector_switches_the_language_and_the_choice_outlives_sign_in(string browserLocale, string chosen)
    {
        var lang = Lang.For(chosen);
        var n = PortalApp.Next();
        var email = $"polyglot{n}@outlook.example";
        await portal.App.UserAsync(null, email);

        await using var person = await portal.PersonAsync(browserLocale);
        var p = person.Page;
        await person.GotoAsync("/support/plans");
        await person.ChooseLanguageAsync(lang);
        await Expect(p.Locator("h1")).ToHaveTextAsync(lang.SignInTitle);
        await person.ScreenshotAsync("language-selector-signin");
        await person.SignInAsync(email);
        await Expect(p).ToHaveURLAsync(new Regex("/support/plans$"));
        await Expect(p.Locator("h1")).ToHaveTextAsync(lang.NavSupportPlans);

        // Switched again on a signed-in page: the same page comes back in the other language.
        var other = lang == Lang.PtBr ? Lang.EsEs : Lang.PtBr;
        await person.ChooseLanguageAsync(other);
        await Expect(p.Locator("h1")).ToHaveTextAsync(other.NavSupportPlans);
        person.AssertNoProblems();
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    public async Task Signing_out_ends_the_session(string language)
    {
        var lang = Lang.For(language);
        var n = PortalApp.Next();
        var org = await portal.App.OrganizationAsync($"Relecloud {n}");
        var email = $"leaving{n}@relecloud.example";
        await portal.App.UserAsync(org, email, "globalAdmin");

        await using var person = await portal.SignedInAsync(lang, email, "/benefits");
        var cookies = await person.Context.CookiesAsync();
        await person.SignOutAsync();
        await Expect(person.Page.Locator("h1")).ToHaveTextAsync(lang.SignInTitle);
        await person.Page.GotoAsync("/benefits");
        await Expect(person.Page).ToHaveURLAsync(new Regex("/account/signin\\?ReturnUrl=%2Fbenefits$"));

        // The cookie copied before signing out no longer opens the portal either.
        await using var replay = await portal.PersonAsync(lang.Code);
        await replay.Context.AddCookiesAsync(cookies.Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        await replay.Page.GotoAsync("/benefits");
        await Expect(replay.Page).ToHaveURLAsync(new Regex("/account/signin\\?ReturnUrl=%2Fbenefits$"));
        person.AssertNoProblems();
    }
}
