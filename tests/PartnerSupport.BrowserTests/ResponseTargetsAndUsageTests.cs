using System.Net;
using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests;

/// <summary>An application of its own, because these tests move its clock past response targets.</summary>
public sealed class ReportsApp : IAsyncLifetime
{
    private PortalApp? _app;

    public PortalApp App => _app ?? throw new InvalidOperationException("The application is not started.");

    public async Task InitializeAsync() => _app = await PortalApp.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

/// <summary>
/// An organization admin in the browser: the usage report's chart, table and CSV download for the
/// month, and the requests that missed their response target, badge included.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ResponseTargetsAndUsageTests(PortalFixture portal, ReportsApp reports) : IClassFixture<ReportsApp>
{
    /// <summary>The portal's new sentences, written out here so a missing translation fails.</summary>
    private static readonly Dictionary<string, (string NavUsage, string UsageTitle, string From, string To, string Show, string DownloadCsv, string NavBreaches, string Missed)> Texts = new()
    {
        ["en"] = ("Usage report", "Incident usage", "From (month)", "To (month)", "Show", "Download CSV", "Missed response targets", "Response target missed"),
        ["pt-BR"] = ("Relatório de uso", "Uso de incidentes", "De (mês)", "Até (mês)", "Mostrar", "Baixar CSV", "Metas de resposta perdidas", "Meta de resposta perdida"),
    };

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    public async Task An_admin_charts_the_months_usage_downloads_it_as_csv_and_finds_the_request_that_missed_its_response_target(string language)
    {
        var lang = Lang.For(language);
        var t = Texts[language];
        var app = reports.App;
        // Tokens live an hour of the application's clock, which the other language's run moved on.
        await app.Operator.SignInAsync(Tests.Infrastructure.TestApp.OperatorEmail, Tests.Infrastructure.TestApp.Password);
        var n = PortalApp.Next();
        var name = $"Tailspin {n}";
        var adminEmail = $"admin{n}@tailspin.example";
        var org = await app.OrganizationAsync(name);
        await app.UserAsync(org, adminEmail, "globalAdmin");
        await app.MembershipAsync(org, "gold", "Data Analytics");
        var product = await app.ProductAsync($"Exchange Server {n}", "2019");
        var contract = await app.ActivateAsync(adminEmail, "productSupport");
        var api = await app.SignInAsync(adminEmail);
        (await api.PostAsync("/v1/supportcontracts/links", new { accessId = contract.AccessId, contractId = contract.ContractId })).AssertStatus(HttpStatusCode.Created);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await api.PostAsync("/v1/servicerequests/en-US", new
            {
                title = $"Mail flow stopped {n}-{i}",
                description = "Transport service does not start.",
                severity = "critical",
                productId = product,
                supportContractId = contract.SupportContractId,
            })).AssertStatus(HttpStatusCode.Created).Id);
        }
        (await api.PatchAsync($"/v1/servicerequests/{ids[0]}", new { status = "closed", resolution = "duplicate" })).AssertStatus(HttpStatusCode.OK);
        var month = app.Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        // Past the critical target (an hour) with no answer.
        app.App.Time.Advance(TimeSpan.FromHours(2));

        await using var admin = await portal.SignedInAsync(lang, adminEmail, "/", app);
        var p = admin.Page;
        await admin.NavigateAsync(t.NavUsage);
        await Expect(p.Locator("h1")).ToHaveTextAsync(t.UsageTitle);
        await p.GetByLabel(t.From, new() { Exact = true }).FillAsync(month);
        await p.GetByLabel(t.To, new() { Exact = true }).FillAsync(month);
        await p.GetByRole(AriaRole.Button, new() { Name = t.Show, Exact = true }).ClickAsync();
        await Expect(p).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"from={month}&to={month}"));

        var chart = p.GetByRole(AriaRole.Img);
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart.Locator("title").First).ToContainTextAsync(lang.Date(new DateOnly(app.Today.Year, app.Today.Month, 1)));
        await Expect(p.Locator($"rect.bar.consumed[data-month='{month}']")).ToHaveAttributeAsync("data-value", "3");
        await Expect(p.Locator($"rect.bar.refunded[data-month='{month}']")).ToHaveAttributeAsync("data-value", "1");
        // The month as the page's language names it, never the ISO key.
        var monthName = language == "pt-BR"
            ? app.Today.ToString("MMMM 'de' yyyy", System.Globalization.CultureInfo.GetCultureInfo("pt-BR"))
            : app.Today.ToString("MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en"));
        await Expect(p.Locator("tr.month")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^\\s*{monthName}\\s*3\\s*1\\s*$"));
        await Expect(p.Locator("tr.usage-row")).ToContainTextAsync(name);
        await admin.AssertEveryFieldLabelledAsync();
        await admin.ScreenshotAsync("usage-report");

        var download = await p.RunAndWaitForDownloadAsync(() => p.GetByRole(AriaRole.Link, new() { Name = t.DownloadCsv, Exact = true }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("month,organization,contract,product,consumed,refunded", csv, StringComparison.Ordinal);
        Assert.Contains($"{month},{name},Microsoft Product Support {contract.AccessId},Exchange Server {n} 2019,3,1", csv, StringComparison.Ordinal);

        await admin.NavigateAsync(t.NavBreaches);
        var missed = p.Locator("tr.breach");
        await Expect(missed).ToHaveCountAsync(2);
        await Expect(missed.Filter(new() { HasText = $"Mail flow stopped {n}-1" }).Locator(".badge.breach")).ToHaveTextAsync(t.Missed);
        await admin.ScreenshotAsync("response-breaches");
        admin.AssertNoProblems();
    }
}
