using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// Sign-ins are limited per client address, the portal's form exactly like <c>POST /v1/token</c>
/// and from the same allowance; a refused portal sign-in is a page that says, in the user's
/// language, how long to wait. Every limit comes from <c>RateLimits:*</c>, and a limit or a
/// trusted proxy that cannot be applied stops the start naming its key. The same over real
/// connections behind nginx: ReverseProxyTests.
/// </summary>
public sealed class SignInLimitTests : AppTest
{
    private const string Email = "pat@outlook.example";

    private async Task<TestApp> StartAsync(Dictionary<string, string?> settings)
    {
        var app = await RestartAsync(settings);
        await (await Scenario.StartAsync(app)).AccountAsync(null, Email, "Pat");
        return app;
    }

    private static Task<PageResponse> PortalSignInAsync(PortalSession session, string path = "/account/signin") =>
        session.PostFormAsync(path, [new("Email", Email), new("Password", TestApp.Password)]);

    private static Task<ApiResponse> TokenAsync(TestApp app, string address) =>
        app.ApiFrom(address).PostAsync("/v1/token", new { email = Email, password = TestApp.Password });

    private static string PortalText(string key, string culture) =>
        new System.Resources.ResourceManager("PartnerSupport.Web.Resources.Portal", typeof(PartnerSupport.Web.Resources.PortalText).Assembly)
            .GetString(key, CultureInfo.GetCultureInfo(culture))!;

    [SkippableFact]
    public async Task The_portal_sign_in_form_draws_on_the_same_allowance_per_address_as_POST_v1_token_and_a_refusal_says_how_long_to_wait()
    {
        var app = await StartAsync(new()
        {
            ["RateLimits:SignInPerAddress"] = "4",
            ["RateLimits:SignInWindow"] = "00:10:00",
        });
        const string office = "203.0.113.20";

        // Two sign-ins through the API and two through the portal use up the address's four.
        (await TokenAsync(app, office)).AssertStatus(HttpStatusCode.OK);
        (await TokenAsync(app, office)).AssertStatus(HttpStatusCode.OK);
        await PortalSession.Create(app, office).SignInAsync(Email);
        await PortalSession.Create(app, office).SignInAsync(Email);

        // The fifth, right password or not, is refused by the portal with a page saying how long to wait...
        var browser = PortalSession.Create(app, office);
        var refused = await PortalSignInAsync(browser);
        Assert.True(refused.Status == HttpStatusCode.TooManyRequests && refused.ShowsError, $"A refused portal sign-in: {refused}");
        Assert.Equal(TimeSpan.FromMinutes(10), refused.Raw.Headers.RetryAfter?.Delta);
        var html = WebUtility.HtmlDecode(refused.Html);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, PortalText("SignInThrottled", "en"), "10 minutes"), html, StringComparison.Ordinal);
        Assert.Contains("name=\"Email\"", refused.Html, StringComparison.Ordinal);
        // ... without signing in.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).Status);

        // ... in the user's language ...
        foreach (var (culture, wait) in new[] { ("pt-BR", "10 minutos"), ("es-ES", "10 minutos") })
        {
            var translated = await PortalSignInAsync(PortalSession.Create(app, office), $"/account/signin?culture={culture}");
            Assert.Equal(HttpStatusCode.TooManyRequests, translated.Status);
            Assert.Contains(string.Format(CultureInfo.InvariantCulture, PortalText("SignInThrottled", culture), wait), WebUtility.HtmlDecode(translated.Html), StringComparison.Ordinal);
        }

        // ... and by the API alike.
        var api = (await TokenAsync(app, office)).AssertProblem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Equal(TimeSpan.FromMinutes(10), api.Headers.RetryAfter?.Delta);

        // Another address is not held back, in either.
        await PortalSession.Create(app, "198.51.100.20").SignInAsync(Email);
        (await TokenAsync(app, "198.51.100.20")).AssertStatus(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task The_password_lockout_and_the_wrong_pair_limits_come_from_RateLimits()
    {
        var app = await StartAsync(new()
        {
            ["RateLimits:WrongPasswordsBeforeLockout"] = "2",
            ["RateLimits:LockoutDuration"] = "00:03:00",
            ["RateLimits:WrongPairsPerAccount"] = "2",
            ["RateLimits:WrongPairsWindow"] = "00:02:00",
        });

        // Two wrong passwords lock the account for three minutes: the right one is refused now.
        var anonymous = app.Anonymous();
        for (var i = 0; i < 2; i++)
            (await anonymous.PostAsync("/v1/token", new { email = Email, password = "Wrong-Passw0rd-" + i })).AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        (await anonymous.PostAsync("/v1/token", new { email = Email, password = TestApp.Password })).AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        // Identity's lockout reads the system clock (see AccountTests).
        var lockoutEnd = await app.WithDbAsync(d => d.Users.Where(u => u.Email == Email).Select(u => u.LockoutEnd).SingleAsync());
        Assert.InRange(lockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3));

        // Two wrong Access ID / Contract ID pairs hold an account back for two minutes.
        var s = await Scenario.StartAsync(app);
        var org = await s.OrganizationAsync("Proseware", "mpn");
        var buyer = await s.UserAsync(org, "buyer@proseware.example", "globalAdmin");
        var bought = (await buyer.PostAsync("/v1/supportplans/advanced/purchase")).AssertStatus(HttpStatusCode.Created);
        var (accessId, contractId) = (bought.Str("accessId"), bought.Str("contractId"));
        var guesser = await s.UserAsync(null, "guesser@outlook.example");
        var wrong = contractId[..^1] + (contractId[^1] == 'Z' ? 'Y' : 'Z');
        for (var i = 0; i < 2; i++)
            (await guesser.PostAsync("/v1/supportcontracts/links", new { accessId, contractId = wrong })).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");
        var held = (await guesser.PostAsync("/v1/supportcontracts/links", new { accessId, contractId })).AssertProblem(HttpStatusCode.TooManyRequests, "too-many-attempts");
        Assert.InRange(held.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        app.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        (await guesser.PostAsync("/v1/supportcontracts/links", new { accessId, contractId })).AssertStatus(HttpStatusCode.Created);
    }

    [SkippableTheory]
    [InlineData("RateLimits:SignInPerAddress", "0", "RateLimits:SignInPerAddress")]
    [InlineData("RateLimits:WrongPairsPerAddress", "-3", "RateLimits:WrongPairsPerAddress")]
    [InlineData("RateLimits:WrongPairsWindow", "00:00:00", "RateLimits:WrongPairsWindow")]
    [InlineData("RateLimits:LockoutDuration", "soon", "RateLimits:LockoutDuration")]
    [InlineData("RateLimits:ConcurrentRequests", "0", "RateLimits:ConcurrentRequests")]
    [InlineData("ForwardedHeaders:KnownProxies", "proxy.example", "ForwardedHeaders:KnownProxies")]
    [InlineData("ForwardedHeaders:KnownProxies:1", "10.0.0.300", "ForwardedHeaders:KnownProxies:1")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks")]
    public async Task A_limit_or_trusted_proxy_that_cannot_be_applied_stops_the_start_naming_its_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.EndsWith(":1", StringComparison.Ordinal))
            settings[key[..^1] + "0"] = "10.0.0.5";
        // A host of its own that must fail to start, disposed below where that failure is expected.
        var app = new TestApp(_db, settings: settings);
        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains(named, messages, StringComparison.Ordinal);
        Assert.Contains(value, messages, StringComparison.Ordinal);
        try
        {
            await app.DisposeAsync();
        }
        catch (InvalidOperationException)
        {
            // The host never started.
        }
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                    yield return inner;
            }
        }
    }
}
