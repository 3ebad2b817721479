using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests;

/// <summary>
/// The interactive API reference works in a real browser under the policy the server sends: it
/// shows every area of the API, the browser reports no blocked script or style, and nothing is
/// fetched from anywhere but this server.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ApiReferenceTests(PortalFixture portal)
{
    private static readonly string[] Areas =
        ["Health", "Accounts", "Back office", "Benefits", "Support contracts", "Service requests", "CSP customers", "Support plans", "Alerts", "Reports"];

    [SkippableFact]
    public async Task The_reference_shows_every_area_under_its_content_security_policy_with_nothing_from_elsewhere()
    {
        var origin = portal.App.BaseAddress.GetLeftPart(UriPartial.Authority);
        await using var context = await portal.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        void Report(string problem)
        {
            lock (problems)
                problems.Add(problem);
        }
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                Report($"fetched from elsewhere: {request.Method} {request.Url}");
        };
        page.Response += (_, response) =>
        {
            // The browser's own favicon.ico request is no concern of the reference's.
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
                Report($"{response.Request.Method} {response.Url}: {response.Status}");
        };
        page.PageError += (_, error) => Report($"script error: {error}");
        // Runs before the page's scripts, by the browser's own means: the page's policy does not apply to it.
        await page.AddInitScriptAsync(
            "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));");

        var response = await page.GotoAsync("/docs");
        Assert.NotNull(response);
        Assert.Contains("script-src 'self' 'nonce-", await response.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "PartnerSupport API", Level = 1 })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        foreach (var area in Areas)
            await Expect(page.GetByText(area, new() { Exact = true }).First).ToBeVisibleAsync();
        // Styled, not a bare document: the sidebar sits beside the content.
        var sidebar = await page.GetByText("Service requests", new() { Exact = true }).First.BoundingBoxAsync();
        var heading = await page.GetByRole(AriaRole.Heading, new() { Name = "PartnerSupport API", Level = 1 }).BoundingBoxAsync();
        Assert.True(sidebar is not null && heading is not null && sidebar.X + sidebar.Width <= heading.X, "the reference is not laid out: its styles did not apply");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(portal.ScreenshotFolder, "api-reference.png") });
        var violations = await page.EvaluateAsync<string[]>("window.__violations");
        lock (problems)
        {
            // Scalar's schema library tries Function("") once to learn whether it may compile
            // validators, and validates without when refused: that refusal is the policy working.
            problems.AddRange(violations.Where(v => v != "script-src eval").Select(v => "blocked by the policy: " + v));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }
}
