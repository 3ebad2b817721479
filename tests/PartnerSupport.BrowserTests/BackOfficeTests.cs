using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using PartnerSupport.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PartnerSupport.BrowserTests.OnPremisesJourneyTests;

namespace PartnerSupport.BrowserTests;

/// <summary>An application whose activations wait for an operator's approval (Activation:RequireApproval).</summary>
public sealed class ApprovalApp : IAsyncLifetime
{
    private PortalApp? _app;

    public PortalApp App => _app ?? throw new InvalidOperationException("The application is not started.");

    public async Task InitializeAsync() =>
        _app = await PortalApp.StartAsync(new Dictionary<string, string?> { ["Activation:RequireApproval"] = "true" });

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

/// <summary>
/// The operator's back office in the browser: a new organization, its membership and its admin,
/// and the activation queue, where the admin's Activate waits until the operator approves it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class BackOfficeTests(PortalFixture portal, ApprovalApp approval) : IClassFixture<ApprovalApp>
{
    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    public async Task The_operator_creates_an_organization_adds_a_membership_and_an_admin_and_approves_the_admins_activation(string language)
    {
        var lang = Lang.For(language);
        var app = approval.App;
        var n = PortalApp.Next();
        var name = $"Woodgrove {n}";
        var adminEmail = $"admin{n}@woodgrove.example";
        var start = app.Today.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var end = app.Today.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        await using var op = await portal.SignedInAsync(lang, TestApp.OperatorEmail, "/", app);
        var p = op.Page;
        await op.NavigateAsync(lang.NavBackOffice);
        await Expect(p.Locator("h1")).ToHaveTextAsync(lang.Organizations);
        await p.GetByLabel(lang.Name, new() { Exact = true }).FillAsync(name);
        await p.GetByLabel(lang.PartnerId, new() { Exact = true }).FillAsync((8_000_000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(p.GetByLabel("MPN", new() { Exact = true })).ToBeCheckedAsync();
        await p.GetByLabel(lang.Country, new() { Exact = true }).FillAsync("PT");
        await p.GetByRole(AriaRole.Button, new() { Name = lang.Create, Exact = true }).ClickAsync();
        await Expect(p.Locator("h1")).ToContainTextAsync(name);

        await p.GetByLabel(lang.Offer, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Gold" });
        await p.GetByLabel(lang.Competency, new() { Exact = true }).FillAsync("Data Analytics");
        await p.GetByLabel(lang.StartDate, new() { Exact = true }).FillAsync(start);
        await p.GetByLabel(lang.EndDate, new() { Exact = true }).FillAsync(end);
        await p.GetByRole(AriaRole.Button, new() { Name = lang.AddMembership, Exact = true }).ClickAsync();
        await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.Saved);
        await Expect(p.Locator("tr.membership")).ToContainTextAsync("Data Analytics");

        await p.GetByLabel(lang.Email, new() { Exact = true }).FillAsync(adminEmail);
        await p.GetByLabel(lang.DisplayName, new() { Exact = true }).FillAsync($"Admin {n}");
        await p.GetByLabel(lang.Password, new() { Exact = true }).FillAsync(TestApp.Password);
        await p.GetByLabel(lang.RoleGlobalAdmin, new() { Exact = true }).CheckAsync();
        await p.GetByRole(AriaRole.Button, new() { Name = lang.AddUser, Exact = true }).ClickAsync();
        await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.Saved);
        await Expect(p.Locator("tr.user", new() { HasText = adminEmail })).ToContainTextAsync(lang.RoleGlobalAdmin);
        await op.ScreenshotAsync("backoffice-1-organization");

        // The new admin presses Activate: with approval required it waits in the queue.
        await using var admin = await portal.SignedInAsync(lang, adminEmail, "/benefits", app);
        var row = admin.Page.Locator("tbody tr", new() { HasText = lang.ProductSupport });
        await row.GetByRole(AriaRole.Button, new() { Name = $"{lang.Activate} {lang.ProductSupport}" }).ClickAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.ActivationRequested);
        await Expect(row.Locator("td.status")).ToHaveTextAsync(Exactly(lang.StatusPending));
        var benefitId = await row.GetAttributeAsync("data-benefit");
        Assert.False(string.IsNullOrEmpty(benefitId));

        await op.NavigateAsync(lang.NavActivations);
        var pending = p.Locator($"tr.activation[data-benefit='{benefitId}']");
        await Expect(pending).ToHaveCountAsync(1);
        // The operator decides by whose benefit it is, named in the page's language, not by an identifier.
        await Expect(pending).ToContainTextAsync(name);
        await Expect(pending).ToContainTextAsync(lang.ProductSupport);
        await Expect(pending).Not.ToContainTextAsync(benefitId!);
        await op.ScreenshotAsync("backoffice-2-activation-queue");
        var approveForm = pending.Locator("form", new() { Has = p.GetByRole(AriaRole.Button, new() { Name = lang.Approve, Exact = true }) });
        var sentFields = await approveForm.EvaluateAsync<string[][]>("f => [...new FormData(f).entries()].map(([k, v]) => [k, String(v)])");
        var sentTo = await approveForm.EvaluateAsync<string>("f => f.action");
        await pending.GetByRole(AriaRole.Button, new() { Name = lang.Approve, Exact = true }).ClickAsync();
        await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(lang.Saved);
        await Expect(pending).ToHaveCountAsync(0);

        // The same decision sent again, as Back then Approve would: the first decision's result (back to the queue), not a refusal.
        var form = p.APIRequest.CreateFormData();
        foreach (var field in sentFields)
            form.Append(field[0], field[1]);
        var again = await p.APIRequest.PostAsync(sentTo, new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(302, again.Status);

        await admin.Page.ReloadAsync();
        await Expect(row.Locator("td.status")).ToHaveTextAsync(Exactly(lang.StatusActive));
        await Expect(row.Locator("code.access-id")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("\\S"));
        await Expect(row.Locator("code.contract-id")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("\\S"));
        await admin.ScreenshotAsync("backoffice-3-approved-benefit");
        op.AssertNoProblems();
        admin.AssertNoProblems();
    }
}
