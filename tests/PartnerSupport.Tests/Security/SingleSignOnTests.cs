using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Accounts;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// Single sign-on against a real OpenID provider (OpenIddict, <see cref="OidcProvider"/>) on
/// 127.0.0.1, the application on Kestrel, and a client that follows every redirect with its
/// cookies as a browser does: discovery, the authorization request with PKCE, the code exchange,
/// and the ID token's signature, nonce and state are checked by the real OpenID Connect handler.
/// A person signs in to the account with the same verified e-mail; strangers, unverified
/// addresses, disabled accounts and forged ID tokens are refused with a message on the sign-in page.
/// </summary>
public sealed class SingleSignOnTests : IAsyncLifetime
{
    private OidcProvider _provider = null!;
    private TestDatabase _db = null!;
    private TestApp _app = null!;
    private Uri _base = null!;
    private Scenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _provider = await OidcProvider.StartAsync();
        _db = await TestDatabase.CreateAsync();
        _app = new TestApp(_db, settings: _provider.Settings());
        _app.UseKestrel(0);
        _app.StartServer();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _base = new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        await _provider.RegisterClientAsync(_base);
        var op = new ApiClient(new HttpClient { BaseAddress = _base });
        await op.SignInAsync(TestApp.OperatorEmail, TestApp.Password);
        _scenario = new Scenario(op, async email =>
        {
            var client = new ApiClient(new HttpClient { BaseAddress = _base });
            await client.SignInAsync(email, TestApp.Password);
            return client;
        }, _app.Today);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_person_whose_verified_email_has_an_account_lands_signed_in_with_the_same_cookie_as_a_password_sign_in()
    {
        var org = await _scenario.OrganizationAsync("Contoso");
        await _scenario.AccountAsync(org, "kim@contoso.example", "Kim Contoso", "globalAdmin");
        // The provider may spell the address otherwise: e-mail addresses are compared as Identity normalizes them.
        _provider.Person = new ProviderPerson("contoso-id-1001", "Kim@Contoso.example", EmailVerified: true);
        var browser = new Browser(_base);

        var signInPage = await browser.GetAsync("/account/signin");
        Assert.Contains(">Sign in with Contoso ID</button>", signInPage.Text, StringComparison.Ordinal);
        var landed = await browser.SignInWithProviderAsync("/requests");

        Assert.Equal(HttpStatusCode.OK, landed.Status);
        Assert.Equal(new Uri(_base, "/requests"), landed.Url);
        Assert.Contains(browser.Visited, u => u.Port == _provider.Authority.Port && u.AbsolutePath == "/connect/authorize" && u.Query.Contains("code_challenge_method=S256", StringComparison.Ordinal));
        Assert.Contains(browser.Visited, u => u.Port == _base.Port && u.AbsolutePath == "/signin-oidc");
        Assert.Equal(1, _provider.AuthorizationRequestsWithPkce);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).Status);
        // Nothing of the provider's stays in the browser: the short-lived cookie between the callback and the page is gone.
        Assert.DoesNotContain(browser.CookieNames(), n => n.Contains("external", StringComparison.OrdinalIgnoreCase) || n.Contains("Correlation", StringComparison.Ordinal) || n.Contains("Nonce", StringComparison.Ordinal));

        var (login, audit, lastSignIn) = await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "kim@contoso.example");
            var login = await db.UserLogins.SingleAsync(l => l.UserId == user.Id);
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == "account.signin.provider");
            return (login, audit, user.LastSignInAt);
        });
        Assert.Equal("contoso-id-1001", login.ProviderKey);
        Assert.Equal(_provider.Authority.ToString(), login.LoginProvider);
        Assert.Equal("kim@contoso.example", audit.Target);
        Assert.Equal("Contoso ID", audit.Details);
        Assert.Equal("kim@contoso.example", audit.Actor);
        Assert.NotNull(lastSignIn);

        // The same cookie as a password sign-in: disabling the account ends this session at once.
        var admins = (await _scenario.Operator.GetAsync($"/v1/organizations/{org}/users")).AssertStatus(HttpStatusCode.OK).Items();
        await _scenario.AccountAsync(org, "lee@contoso.example", "Lee Contoso", "globalAdmin");
        var kimId = admins.Single(u => u!.Str("email") == "kim@contoso.example")!.Str("id");
        (await _scenario.Operator.PatchAsync($"/v1/organizations/{org}/users/{kimId}", new { disabled = true })).AssertStatus(HttpStatusCode.OK);
        var after = await browser.GetAsync("/profile", follow: false);
        Assert.True(after.Status == HttpStatusCode.Redirect && after.Location!.Contains("/account/signin", StringComparison.Ordinal), $"The session must end with the account: {after}");

        // And a disabled account is refused at the provider's door too.
        var again = await new Browser(_base).SignInWithProviderAsync();
        Assert.Contains("is disabled", again.Decoded, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_stranger_is_refused_in_the_pages_language_and_no_account_is_created()
    {
        _provider.Person = new ProviderPerson("contoso-id-2002", "stranger@contoso.example", EmailVerified: true);
        var before = await _app.WithDbAsync(db => db.Users.CountAsync());
        var browser = new Browser(_base, "pt-BR");

        var landed = await browser.SignInWithProviderAsync();

        Assert.Equal(new Uri(_base, "/account/signin?handler=Provider"), landed.Url);
        Assert.Contains(Message("SignInWithProviderNoAccount", "pt-BR", "Contoso ID"), landed.Decoded, StringComparison.Ordinal);
        Assert.Contains("class=\"alert error\"", landed.Text, StringComparison.Ordinal);
        Assert.Equal(before, await _app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.UserLogins.CountAsync()));
        await AssertNotSignedInAsync(browser);
    }

    [SkippableFact]
    public async Task An_email_the_provider_has_not_verified_does_not_sign_in_to_the_account_that_has_it()
    {
        await _scenario.AccountAsync(null, "pat@outlook.example", "Pat");
        _provider.Person = new ProviderPerson("contoso-id-3003", "pat@outlook.example", EmailVerified: false);
        var browser = new Browser(_base, "es-ES");

        var landed = await browser.SignInWithProviderAsync();

        Assert.Contains(Message("SignInWithProviderEmailNotVerified", "es-ES", "Contoso ID"), landed.Decoded, StringComparison.Ordinal);
        await AssertNotSignedInAsync(browser);
        Assert.Equal(0, await _app.WithDbAsync(db => db.UserLogins.CountAsync()));
    }

    [SkippableFact]
    public async Task An_ID_token_changed_after_the_provider_signed_it_is_refused_by_the_handler()
    {
        await _scenario.AccountAsync(null, "pat@outlook.example", "Pat");
        // The forged token names the operator instead of Pat: only its signature gives it away.
        _provider.Person = new ProviderPerson("contoso-id-4004", "pat@outlook.example", EmailVerified: true);
        _provider.TamperWithIdTokens = true;
        var browser = new Browser(_base);

        var landed = await browser.SignInWithProviderAsync();

        Assert.Equal(new Uri(_base, "/account/signin?handler=Provider"), landed.Url);
        Assert.Contains(Portal("SignInWithProviderFailed", "en", "Contoso ID"), landed.Decoded, StringComparison.Ordinal);
        await AssertNotSignedInAsync(browser);
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "account.signin.provider")));

        // The same provider, untampered, signs Pat in: the refusal was the signature's.
        _provider.TamperWithIdTokens = false;
        var honest = await new Browser(_base).SignInWithProviderAsync();
        Assert.Equal(new Uri(_base, "/"), honest.Url);
    }

    [SkippableFact]
    public async Task Once_an_account_signed_in_through_the_provider_only_that_provider_identity_signs_in_to_it()
    {
        await _scenario.AccountAsync(null, "pat@outlook.example", "Pat");
        _provider.Person = new ProviderPerson("contoso-id-5005", "pat@outlook.example", EmailVerified: true);
        Assert.Equal(new Uri(_base, "/"), (await new Browser(_base).SignInWithProviderAsync()).Url);

        // The provider later gives the same address to somebody else.
        _provider.Person = new ProviderPerson("contoso-id-6006", "pat@outlook.example", EmailVerified: true);
        var browser = new Browser(_base);
        var landed = await browser.SignInWithProviderAsync();

        Assert.Contains(Message("SignInWithProviderNoAccount", "en", "Contoso ID"), landed.Decoded, StringComparison.Ordinal);
        await AssertNotSignedInAsync(browser);
        // The password still works beside single sign-on.
        var password = new ApiClient(new HttpClient { BaseAddress = _base });
        await password.SignInAsync("pat@outlook.example", TestApp.Password);
    }

    [SkippableFact]
    public async Task An_account_with_a_second_factor_still_gives_its_code_after_the_provider()
    {
        var pat = await _scenario.UserAsync(null, "pat@outlook.example");
        var enrolment = (await pat.PostAsync("/v1/account/mfa/totp")).AssertStatus(HttpStatusCode.OK);
        var secret = Authenticator.FromBase32(enrolment.Str("secret"));
        (await pat.PostAsync("/v1/account/mfa/totp/confirm", new { code = Totp.Code(secret, Totp.StepAt(_app.Time.GetUtcNow())) })).AssertStatus(HttpStatusCode.OK);
        _provider.Person = new ProviderPerson("contoso-id-7007", "pat@outlook.example", EmailVerified: true);
        var browser = new Browser(_base);

        var secondPage = await browser.SignInWithProviderAsync();

        Assert.Equal(new Uri(_base, "/account/signin?handler=Provider"), secondPage.Url);
        Assert.Contains("autocomplete=\"one-time-code\"", secondPage.Text, StringComparison.Ordinal);
        await AssertNotSignedInAsync(browser);
        var ticket = System.Text.RegularExpressions.Regex.Match(secondPage.Text, "name=\"Ticket\"[^>]*value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*name=\"Ticket\"");
        Assert.True(ticket.Success, "The second page carries the ticket of the first factor");
        _app.Time.Advance(TimeSpan.FromSeconds(30));
        var done = await browser.PostFormAsync("/account/signin", secondPage.Text, new()
        {
            ["Ticket"] = WebUtility.HtmlDecode(ticket.Groups[1].Success ? ticket.Groups[1].Value : ticket.Groups[2].Value),
            ["Code"] = Totp.Code(secret, Totp.StepAt(_app.Time.GetUtcNow())),
        });
        Assert.Equal(new Uri(_base, "/"), done.Url);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).Status);
        Assert.Equal("Contoso ID; second factor asked", await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "account.signin.provider").Select(a => a.Details).SingleAsync()));
    }

    [SkippableFact]
    public async Task Without_single_sign_on_configured_the_sign_in_page_offers_no_provider_and_its_handlers_are_not_there()
    {
        await using var plain = new TestApp(_db);
        var session = PortalSession.Create(plain);

        var page = await session.GetAsync("/account/signin");
        Assert.DoesNotContain("handler=Provider", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("single-sign-on", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await session.PostFormAsync("/account/signin?handler=Provider", [])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync("/account/signin?handler=Provider")).Status);
        // No handler answers the provider's callback: it is a path like any unknown one.
        var unknown = await session.GetAsync("/no-such-page?code=x&state=y");
        var callback = await session.GetAsync("/signin-oidc?code=x&state=y");
        Assert.Equal((unknown.Status, unknown.Location?.Replace("no-such-page", "signin-oidc", StringComparison.Ordinal)), (callback.Status, callback.Location));
    }

    private async Task AssertNotSignedInAsync(Browser browser)
    {
        var profile = await browser.GetAsync("/profile", follow: false);
        Assert.True(profile.Status == HttpStatusCode.Redirect && profile.Location!.Contains("/account/signin", StringComparison.Ordinal), $"Not signed in: {profile}");
    }

    private static string Message(string key, string culture, params object[] args) =>
        PartnerSupport.Resources.Messages.Get(key, CultureInfo.GetCultureInfo(culture), args);

    private static string Portal(string key, string culture, params object[] args) =>
        string.Format(CultureInfo.GetCultureInfo(culture), new System.Resources.ResourceManager("PartnerSupport.Web.Resources.Portal", typeof(PartnerSupport.Web.Resources.PortalText).Assembly)
            .GetString(key, CultureInfo.GetCultureInfo(culture))!, args);
}

/// <summary>
/// What a browser does on a sign-in: keeps cookies per host (not per port, as browsers do), follows
/// every redirect from one server to the other, and posts the forms it was given.
/// </summary>
public sealed partial class Browser
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;
    private readonly Uri _base;

    public Browser(Uri baseAddress, string language = "en")
    {
        _base = baseAddress;
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
    }

    public List<Uri> Visited { get; } = [];

    public IEnumerable<string> CookieNames() => _cookies.GetAllCookies().Select(c => c.Name);

    public Task<Page> GetAsync(string path, bool follow = true) => SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_base, path)), follow);

    /// <summary>From the sign-in page, presses "Sign in with ..." and follows the whole round trip.</summary>
    public async Task<Page> SignInWithProviderAsync(string? returnUrl = null)
    {
        var page = await GetAsync("/account/signin" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl)));
        return await PostFormAsync("/account/signin?handler=Provider", page.Text, new() { ["ReturnUrl"] = returnUrl ?? "" });
    }

    public Task<Page> PostFormAsync(string path, string formPage, Dictionary<string, string> fields)
    {
        var token = SecurityTokenPattern().Match(formPage);
        Assert.True(token.Success, "The form carries an antiforgery token");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(_base, path)) { Content = new FormUrlEncodedContent(fields) }, follow: true);
    }

    private async Task<Page> SendAsync(HttpRequestMessage request, bool follow)
    {
        for (var hop = 0; ; hop++)
        {
            Visited.Add(request.RequestUri!);
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var location = response.Headers.Location;
            if (!follow || location is null || (int)response.StatusCode is < 300 or >= 400)
                return new Page(response.StatusCode, request.RequestUri!, location?.ToString(), text);
            Assert.True(hop < 12, "Too many redirects: " + string.Join(" -> ", Visited));
            request.Dispose();
            request = new HttpRequestMessage(HttpMethod.Get, location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location));
        }
    }

    public sealed record Page(HttpStatusCode Status, Uri Url, string? Location, string Text)
    {
        public string Decoded => WebUtility.HtmlDecode(Text);

        public override string ToString() => $"{(int)Status} {Url}{(Location is null ? "" : " -> " + Location)} {(Text.Length > 300 ? Text[..300] : Text)}";
    }

    [System.Text.RegularExpressions.GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]*)\"", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SecurityTokenPattern();
}
