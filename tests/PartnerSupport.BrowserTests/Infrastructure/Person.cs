using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests.Infrastructure;

/// <summary>One person at one browser context: signs in, switches language, keeps screenshots.</summary>
public sealed class Person : IAsyncDisposable
{
    private readonly string _screenshotFolder;
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _softFailures = [];

    public Person(IBrowserContext context, IPage page, string screenshotFolder, Lang lang)
    {
        Context = context;
        Page = page;
        Lang = lang;
        _screenshotFolder = screenshotFolder;
        // Failed loads are reported by URL below (the console names only the page); the browser's
        // own favicon.ico request is no concern of the portal's.
        Page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                Report($"{Page.Url}: {message.Text}");
        };
        Page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
                Report($"{response.Request.Method} {response.Url}: {response.Status}");
        };
        Page.PageError += (_, error) => Report($"{Page.Url}: {error}");
    }

    // Playwright raises its events on its own thread.
    private void Report(string error)
    {
        lock (_consoleErrors)
            _consoleErrors.Add(error);
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>The language the person reads the portal in: the browser's, until they pick one.</summary>
    public Lang Lang { get; private set; }

    public async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.True(response is not null && response.Ok, $"GET {path}: {response?.Status} {response?.StatusText}");
    }

    /// <summary>Signs in on the sign-in form; the person must be on it (or be sent to it).</summary>
    public async Task SignInAsync(string email, string password = Tests.Infrastructure.TestApp.Password)
    {
        if (!Page.Url.Contains("/account/signin", StringComparison.Ordinal))
            await GotoAsync("/account/signin");
        await Expect(Page.Locator("h1")).ToHaveTextAsync(Lang.SignInTitle);
        await Page.GetByLabel(Lang.Email, new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel(Lang.Password, new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = Lang.SignIn, Exact = true }).ClickAsync();
    }

    /// <summary>Picks a language in the page's Language selector and presses Change.</summary>
    public async Task ChooseLanguageAsync(Lang lang)
    {
        var url = Page.Url;
        await OpenMenuHoldingAsync(Page.GetByLabel(Lang.Language, new() { Exact = true }), Lang.Change);
        await Page.GetByLabel(Lang.Language, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = lang.Code });
        await PostAndExpectRedirectAsync("/account/culture", Page.GetByRole(AriaRole.Button, new() { Name = Lang.Change, Exact = true }));
        Lang = lang;
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", lang.Code);
        await Expect(Page).ToHaveURLAsync(url);
        await Expect(Page.GetByLabel(lang.Language, new() { Exact = true })).ToHaveValueAsync(lang.Code);
    }

    public async Task SignOutAsync()
    {
        await OpenMenuHoldingAsync(Page.GetByRole(AriaRole.Button, new() { Name = Lang.SignOut, Exact = true }), Lang.SignOut);
        await PostAndExpectRedirectAsync("/account/signout", Page.GetByRole(AriaRole.Button, new() { Name = Lang.SignOut, Exact = true }));
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin$"));
    }

    /// <summary>Presses a button whose form posts to <paramref name="path"/>; the answer must be a redirect.</summary>
    private async Task PostAndExpectRedirectAsync(string path, ILocator button)
    {
        var from = Page.Url;
        var response = await Page.RunAndWaitForResponseAsync(
            () => button.ClickAsync(),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == path);
        if (response.Status != 302)
            Assert.Fail($"POST {path} (pressed on {from}) answered {response.Status}, not a redirect: {await response.TextAsync()}");
    }

    /// <summary>Keeps the whole page as TestResults/screenshots/&lt;provider&gt;/&lt;flow&gt;-&lt;language&gt;.png.</summary>
    public async Task ScreenshotAsync(string flow)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_screenshotFolder, $"{flow}-{Lang.Code}.png"), FullPage = true });
    }

    /// <summary>Every visible form field has a label (label[for], a wrapping label, or aria-label/aria-labelledby).</summary>
    public async Task AssertEveryFieldLabelledAsync()
    {
        var unlabelled = await Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('input, select, textarea')]
                .filter(e => e.type !== 'hidden' && e.type !== 'submit' && e.type !== 'button')
                .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                .map(e => e.outerHTML)
            """);
        Assert.True(unlabelled.Length == 0, $"{Page.Url}: form fields without a label: {string.Join(" ", unlabelled)}");
    }

    /// <summary>Nothing sticks out sideways: the page needs no horizontal scrolling.</summary>
    public async Task AssertNoHorizontalScrollAsync()
    {
        var result = await Page.EvaluateAsync<JsonElement>(
            """
            () => {
                const inner = window.innerWidth;
                // Text that overflows its box sticks out without its element doing so: measure text runs.
                const wide = [];
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node && wide.length < 5; node = walker.nextNode()) {
                    const range = document.createRange();
                    range.selectNodeContents(node);
                    const right = range.getBoundingClientRect().right;
                    if (right > inner + 0.5 && node.textContent.trim())
                        wide.push(`<${node.parentElement.tagName.toLowerCase()}> ${Math.round(right)}px "${node.textContent.trim().slice(0, 60)}"`);
                }
                for (const e of document.querySelectorAll('body *')) {
                    if (wide.length >= 5) break;
                    if (e.getBoundingClientRect().right > inner + 0.5 && ![...e.children].some(c => c.getBoundingClientRect().right > inner + 0.5))
                        wide.push(`<${e.tagName.toLowerCase()}${e.className ? ' class=' + e.className : ''}> ${Math.round(e.getBoundingClientRect().right)}px`);
                }
                return { scroll: document.documentElement.scrollWidth, inner, wide };
            }
            """);
        var scroll = result.GetProperty("scroll").GetInt32();
        var inner = result.GetProperty("inner").GetInt32();
        var wide = result.GetProperty("wide").EnumerateArray().Select(e => e.GetString());
        Assert.True(scroll <= inner, $"{Page.Url}: the page is {scroll}px wide in a {inner}px window (horizontal scrolling); sticking out: {string.Join("; ", wide)}");
    }

    /// <summary>Follows a link of the main navigation.</summary>
    public async Task NavigateAsync(string link)
    {
        var target = Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = link, Exact = true });
        await OpenMenuHoldingAsync(target, link);
        await target.ClickAsync();
    }

    /// <summary>Opens the header menu (a closed &lt;details&gt;) that holds <paramref name="element"/>, as a person would.</summary>
    private async Task OpenMenuHoldingAsync(ILocator element, string name)
    {
        if (await element.IsVisibleAsync())
            return;
        // A closed menu's content is out of the accessibility tree, so its entries are matched by text.
        var menu = await Page.EvaluateAsync<int>(
            "name => [...document.querySelectorAll('details.menu')].findIndex(d => [...d.querySelectorAll('a, button')].some(e => e.textContent.trim() === name))",
            name);
        if (menu >= 0)
            await Page.Locator("details.menu").Nth(menu).Locator("summary").ClickAsync();
    }

    /// <summary>
    /// A check that should hold but need not stop the walk (so the rest of the flow is still
    /// tried); a failure is reported at the end by <see cref="AssertNoProblems"/>.
    /// </summary>
    public async Task SoftlyAsync(string what, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (PlaywrightException e)
        {
            _softFailures.Add($"{what} ({Page.Url}): {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>No soft check failed and the browser reported no error (Content-Security-Policy refusals, script errors, responses of 400 and up).</summary>
    public void AssertNoProblems()
    {
        List<string> problems;
        lock (_consoleErrors)
            problems = [.. _softFailures, .. _consoleErrors.Select(e => "browser error: " + e)];
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
