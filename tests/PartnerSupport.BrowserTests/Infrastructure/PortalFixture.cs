using Microsoft.Playwright;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.BrowserTests.Infrastructure;

/// <summary>
/// One Chromium for every browser test (found on PATH or PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: the Playwright browser download
/// cannot work here) and one application they share; each test works with organizations and
/// accounts of its own, and gets a fresh browser context (cookies, language) per person.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    /// <summary>
    /// PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH when set, else the first chromium (or chromium-browser,
    /// google-chrome) on PATH, else Debian's /usr/bin/chromium.
    /// </summary>
    public static string ChromiumPath { get; } = FindChromium();

    private static string FindChromium()
    {
        if (Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH") is { Length: > 0 } given)
            return given;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (var folder in path)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return "/usr/bin/chromium";
    }

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private PortalApp? _app;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");
    public PortalApp App => _app ?? throw new InvalidOperationException("The application is not started.");

    /// <summary>TestResults/screenshots/&lt;provider&gt;/ at the repository's root (gitignored).</summary>
    public string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots", TestDatabase.ProviderUnderTest.ToString());

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new SkipException($"No browser here: {ChromiumPath} is missing. Put chromium on PATH, set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, or install Debian's chromium package (./test.sh does).");
        if (Directory.Exists(ScreenshotFolder))
            Directory.Delete(ScreenshotFolder, recursive: true);
        Directory.CreateDirectory(ScreenshotFolder);
        Assertions.SetDefaultExpectTimeout(15_000);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        _app = await PortalApp.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>
    /// A person at a browser: a context of its own with the browser's language (Accept-Language)
    /// set to <paramref name="locale"/>, on <paramref name="app"/> (the shared one by default).
    /// </summary>
    public async Task<Person> PersonAsync(string locale, PortalApp? app = null, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (app ?? App).BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);
        var page = await context.NewPageAsync();
        return new Person(context, page, ScreenshotFolder, Lang.For(locale));
    }

    /// <summary>
    /// A person whose browser asks for <paramref name="lang"/> (Accept-Language), who goes to
    /// <paramref name="path"/>, is sent to sign in, and comes back there signed in.
    /// </summary>
    public async Task<Person> SignedInAsync(Lang lang, string email, string path = "/", PortalApp? app = null, int width = 1280, int height = 900)
    {
        var person = await PersonAsync(lang.Code, app, width, height);
        try
        {
            await person.GotoAsync(path);
            await Assertions.Expect(person.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin"));
            await person.SignInAsync(email);
            await Assertions.Expect(person.Page).ToHaveURLAsync(new Uri((app ?? App).BaseAddress, path).ToString());
            return person;
        }
        catch
        {
            await person.DisposeAsync();
            throw;
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PartnerSupport.slnx")))
                return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal in a browser";
}
