using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// Accounts and the portal's hardening: password rules, tokens whose lifetime and signing key come
/// from configuration (shared keys in the database when none is configured: SigningKeyTests), sign-out
/// and token revocation that end every session, HttpOnly/SameSite/Secure cookies, security
/// headers on every kind of answer, and antiforgery on every portal form.
/// </summary>
public sealed partial class AccountSecurityTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    // ---------------------------------------------------------------- passwords

    [SkippableTheory]
    [InlineData("Abcdefgh1", "10")]
    [InlineData("No-Digits-Here-At-All", "digit")]
    [InlineData("no-upper-case-42", "uppercase")]
    public async Task A_weak_password_is_refused_by_the_API_and_by_the_portal_and_leaves_no_account_and_no_audit_entry(string password, string rule)
    {
        var before = await DbState.SnapshotAsync(world.App);
        var email = world.Unique("weak") + "@woodgrove.example";
        var refused = (await world.Operator.PostAsync($"/v1/organizations/{world.OrgA}/users",
                new { email, displayName = "Weak", accountType = "work", roles = Array.Empty<string>(), password }))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        var reasons = refused.Json!["errors"]!["password"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains(reasons, r => r.Contains(rule, StringComparison.OrdinalIgnoreCase));

        // The back office's form applies the same rules.
        var page = await world.Portal(Who.Operator).PostFormAsync($"/admin/organizations/{world.OrgA}?handler=User",
            [new("email", email), new("displayName", "Weak"), new("password", password)]);
        Assert.True(page.Status == HttpStatusCode.OK && page.ShowsError, $"The portal should show the refusal: {page}");
        Assert.Contains("password", WebUtility.HtmlDecode(page.Html), StringComparison.OrdinalIgnoreCase);

        Assert.Equal(before, await DbState.SnapshotAsync(world.App));
        Assert.Equal(0, await world.App.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Target == email)));
        (await world.App.Anonymous().PostAsync("/v1/token", new { email, password })).AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [SkippableFact]
    public async Task Ten_characters_with_a_digit_an_upper_and_a_lower_case_letter_are_enough()
    {
        var email = world.Unique("strong") + "@outlook.example";
        (await world.Operator.PostAsync("/v1/users", new { email, displayName = "Strong", accountType = "personal", roles = Array.Empty<string>(), password = "Abcdefgh12" }))
            .AssertStatus(HttpStatusCode.Created);
        (await world.App.Anonymous().PostAsync("/v1/token", new { email, password = "Abcdefgh12" })).AssertStatus(HttpStatusCode.OK);
    }

    // ---------------------------------------------------------------- tokens: lifetime and key

    [SkippableFact]
    public async Task The_token_lifetime_comes_from_Auth_TokenLifetime_and_an_older_token_is_refused()
    {
        // A database and app of its own: the shared world runs with the default token settings.
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new TestApp(db, settings: new Dictionary<string, string?> { ["Auth:TokenLifetime"] = "00:10:00" });
        var signIn = (await app.Anonymous().PostAsync("/v1/token", new { email = TestApp.OperatorEmail, password = TestApp.Password })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(600, signIn.Int("expiresIn"));
        var token = signIn.Str("accessToken");
        var payload = Payload(token);
        Assert.Equal(600, payload["exp"]!.GetValue<long>() - payload["nbf"]!.GetValue<long>());

        var client = app.WithToken(token);
        app.Time.Advance(TimeSpan.FromMinutes(9));
        (await client.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        // Past its lifetime (and the 30 seconds of allowed clock skew) by the service's clock.
        app.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(31));
        (await client.GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await client.GetAsync("/v1/organizations")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [SkippableFact]
    public async Task The_signing_key_comes_from_Auth_SigningKey_a_token_signed_with_another_key_is_refused_and_no_key_is_stored()
    {
        // A database and app of its own: the shared world runs with the default token settings.
        await using var db = await TestDatabase.CreateAsync();
        var key = RandomNumberGenerator.GetBytes(48);
        await using var app = new TestApp(db, settings: new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Convert.ToBase64String(key),
        });
        var op = await app.OperatorAsync();
        var token = op.Token();
        Assert.True(SignedWith(token, key), "The token is signed with the configured key");
        Assert.Equal(0, await app.WithDbAsync(d => d.SigningKeys.CountAsync()));

        var user = await app.WithDbAsync(d => d.Users.AsNoTracking().SingleAsync(u => u.Email == TestApp.OperatorEmail));
        var now = app.Time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject { ["sub"] = user.Id.ToString(), ["stamp"] = user.SecurityStamp, ["nbf"] = now, ["exp"] = now + 600, ["iss"] = AuthOptions.Issuer, ["aud"] = AuthOptions.Issuer };

        // Whoever holds the configured key can mint tokens, which shows it is the key trusted...
        (await app.WithToken(Jwt(claims, key)).GetAsync("/v1/audit")).AssertStatus(HttpStatusCode.OK);
        // ...and the same claims signed with any other key are refused.
        (await app.WithToken(Jwt(claims, RandomNumberGenerator.GetBytes(48))).GetAsync("/v1/audit")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await app.WithToken(Jwt(claims, RandomNumberGenerator.GetBytes(48))).GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [SkippableFact]
    public async Task A_signing_key_shorter_than_32_bytes_stops_the_start()
    {
        // A database and app of its own: the shared world runs with the default token settings.
        await using var db = await TestDatabase.CreateAsync();
        var app = new TestApp(db, settings: new Dictionary<string, string?> { ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) });
        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("32 bytes", messages, StringComparison.Ordinal);
        try
        {
            await app.DisposeAsync();
        }
        catch (InvalidOperationException)
        {
            // The host never started.
        }
    }

    // ---------------------------------------------------------------- ending sessions

    [SkippableFact]
    public async Task Revoking_a_token_ends_every_session_of_the_account_and_only_of_that_account()
    {
        var email = world.Unique("revoker") + "@outlook.example";
        await world.Data.AccountAsync(null, email, "Revoker");
        var first = await world.App.SignInAsync(email);
        world.App.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await world.App.SignInAsync(email);
        var portal = await PortalSession.SignedInAsync(world.App, email);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/requests")).Status);

        (await first.PostAsync("/v1/token/revoke")).AssertStatus(HttpStatusCode.NoContent);

        (await first.GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await second.GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        var page = await portal.GetAsync("/requests");
        Assert.True(page.Status == HttpStatusCode.Redirect && page.Location!.StartsWith("/account/signin", StringComparison.Ordinal), $"The portal session must end too: {page}");
        (await world.Api(Who.Personal).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        var again = await world.App.SignInAsync(email);
        (await again.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Signing_out_of_the_portal_ends_the_session_a_copied_cookie_and_the_accounts_tokens()
    {
        var email = world.Unique("leaver") + "@outlook.example";
        await world.Data.AccountAsync(null, email, "Leaver");
        var portal = await PortalSession.SignedInAsync(world.App, email);
        var api = await world.App.SignInAsync(email);
        var copied = portal.CookieHeader();
        Assert.Contains("partnersupport=", copied, StringComparison.Ordinal);

        var signedOut = await portal.PostFormAsync("/account/signout", []);
        Assert.True(signedOut.Status == HttpStatusCode.Redirect && signedOut.Location == "/account/signin", $"Sign-out: {signedOut}");

        var page = await portal.GetAsync("/requests");
        Assert.True(page.Status == HttpStatusCode.Redirect && page.Location!.StartsWith("/account/signin", StringComparison.Ordinal), $"After sign-out: {page}");
        // A copy of the cookie taken before signing out (another tab, or a thief) no longer works.
        var replay = PortalSession.Create(world.App);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/requests");
        request.Headers.Add("Cookie", copied);
        var replayed = await replay.SendAsync(request);
        Assert.True(replayed.Status == HttpStatusCode.Redirect && replayed.Location!.StartsWith("/account/signin", StringComparison.Ordinal), $"Replayed cookie: {replayed}");
        (await api.GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    // ---------------------------------------------------------------- cookies and headers

    [SkippableFact]
    public async Task Every_cookie_the_portal_sets_is_HttpOnly_and_SameSite()
    {
        var setCookies = await PortalJourneyCookiesAsync();
        var names = setCookies.Select(c => c.Split('=')[0]).Distinct().ToList();
        Assert.Contains("partnersupport", names);
        Assert.Contains(names, n => n.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
        var weak = setCookies.Where(c => !HasAttribute(c, "httponly") || !Regex.IsMatch(c, "samesite=(lax|strict)", RegexOptions.IgnoreCase)).ToList();
        Assert.True(weak.Count == 0, "Cookies without HttpOnly or SameSite:\n" + string.Join("\n", weak));
    }

    [SkippableFact]
    public async Task Over_HTTPS_the_session_cookie_is_Secure()
    {
        var setCookies = await PortalJourneyCookiesAsync();
        var session = setCookies.Where(c => c.StartsWith("partnersupport=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(session);
        Assert.All(session, c => Assert.True(HasAttribute(c, "secure"), "Not Secure: " + c));
    }

    [SkippableFact]
    public async Task Over_HTTPS_every_cookie_the_portal_sets_is_Secure()
    {
        var setCookies = await PortalJourneyCookiesAsync();
        var plain = setCookies.Where(c => !HasAttribute(c, "secure")).Select(c => c.Split(';')[0].Split('=')[0] + " (" + string.Join(";", c.Split(';').Skip(1)).Trim() + ")").Distinct().ToList();
        Assert.True(plain.Count == 0, "Cookies set over HTTPS without the Secure attribute:\n" + string.Join("\n", plain));
    }

    /// <summary>Every Set-Cookie header of a journey over HTTPS: sign in, a notice, the language, sign out.</summary>
    private async Task<List<string>> PortalJourneyCookiesAsync()
    {
        var headers = new List<string>();
        void Collect(PageResponse page)
        {
            if (page.Raw.Headers.TryGetValues("Set-Cookie", out var values))
                headers.AddRange(values);
        }
        var email = world.Unique("cookies") + "@woodgrove.example";
        (await world.Operator.PostAsync($"/v1/organizations/{world.OrgA}/users", new { email, displayName = "Cookie Admin", accountType = "work", roles = new[] { "globalAdmin" }, password = TestApp.Password }))
            .AssertStatus(HttpStatusCode.Created);
        var session = PortalSession.Create(world.App, https: true);
        var signInPage = await session.GetAsync("/account/signin");
        Collect(signInPage);
        var token = PortalSession.TokenIn(signInPage.Html)!;
        var signedIn = await session.PostFormAsync("/account/signin", [new("Email", email), new("Password", TestApp.Password)], token);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Collect(signedIn);
        var benefit = await world.FreshBenefitAsync();
        var activated = await session.PostFormAsync("/benefits?handler=Activate", [new("id", benefit)]);
        Assert.Equal(HttpStatusCode.Redirect, activated.Status);
        Collect(activated);
        Collect(await session.GetAsync("/benefits"));
        Collect(await session.PostFormAsync("/account/culture", [new("culture", "es-ES"), new("returnUrl", "/")]));
        Collect(await session.PostFormAsync("/account/signout", []));
        return headers;
    }

    private static bool HasAttribute(string setCookie, string attribute) =>
        setCookie.Split(';').Skip(1).Any(p => p.Trim().Split('=')[0].Equals(attribute, StringComparison.OrdinalIgnoreCase));

    [SkippableFact]
    public async Task Every_kind_of_answer_carries_the_security_headers()
    {
        var portal = world.Portal(Who.GlobalAdmin);
        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("sign-in page", (await PortalSession.Create(world.App).GetAsync("/account/signin")).Raw),
            ("portal page", (await portal.GetAsync("/benefits")).Raw),
            ("redirect to sign-in", (await PortalSession.Create(world.App).GetAsync("/requests")).Raw),
            ("page not found", (await portal.GetAsync($"/requests/{Guid.NewGuid()}")).Raw),
            ("no such path", (await portal.GetAsync("/no/such/page")).Raw),
            ("stylesheet", (await portal.GetAsync("/site.css")).Raw),
            ("antiforgery refusal", (await portal.PostFormAsync("/plans", [new("id", "premier")], token: "")).Raw),
        };
        foreach (var (what, path, who, body) in new (string, string, Who, string?)[]
        {
            ("API answer", "/v1/me", Who.GlobalAdmin, null),
            ("API 401", "/v1/me", Who.Anonymous, null),
            ("API 403", "/v1/audit", Who.GlobalAdmin, null),
            ("API 404", $"/v1/servicerequests/{Guid.NewGuid()}", Who.GlobalAdmin, null),
            ("API 400", "/v1/supportcontracts/links", Who.GlobalAdmin, "{\"accessId\":"),
            ("health", "/healthz", Who.Anonymous, null),
            ("OpenAPI document", "/openapi/v1.json", Who.Anonymous, null),
        })
        {
            var client = world.Api(who);
            using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, path);
            if (body is not null)
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            answers.Add((what, await client.Http.SendAsync(request)));
        }

        var missing = new List<string>();
        foreach (var (what, response) in answers)
        {
            var csp = response.Headers.TryGetValues("Content-Security-Policy", out var c) ? string.Join(",", c) : "";
            if (!csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal))
                missing.Add($"{what} ({(int)response.StatusCode}): Content-Security-Policy without frame-ancestors 'none': '{csp}'");
            if (Regex.IsMatch(csp, "script-src[^;]*'unsafe-inline'"))
                missing.Add($"{what}: the policy lets inline script run: '{csp}'");
            if (!(response.Headers.TryGetValues("X-Content-Type-Options", out var n) && n.Single() == "nosniff"))
                missing.Add($"{what} ({(int)response.StatusCode}): no X-Content-Type-Options: nosniff");
            if (!(response.Headers.TryGetValues("X-Frame-Options", out var f) && f.Single() == "DENY"))
                missing.Add($"{what} ({(int)response.StatusCode}): no X-Frame-Options: DENY");
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    // ---------------------------------------------------------------- antiforgery

    private static IEnumerable<string> PortalPostKeys => AuthorizationTable.Rows.Where(r => r.Page && r.Key.StartsWith("POST ", StringComparison.Ordinal)).Select(r => r.Key);

    public static TheoryData<string> PortalPosts => [.. PortalPostKeys];

    [SkippableFact]
    public async Task The_portal_posts_tested_here_are_all_the_portal_posts_the_application_maps()
    {
        var mapped = (await AppEndpoints.ListAsync(world.App)).Where(e => e.IsPage && e.Method != "GET").Select(e => e.Key).Order(StringComparer.Ordinal);
        Assert.Equal(mapped, PortalPostKeys.Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(PortalPosts))]
    public async Task A_portal_post_without_a_valid_antiforgery_token_is_refused_with_400_and_changes_nothing(string key)
    {
        var row = AuthorizationTable.Rows.Single(r => r.Key == key);
        // The caller the form would work for, so that only the token is wrong.
        // Single sign-on is off in this world, so its form answers 404 to everyone: the token is still checked first.
        // Forms with a token nobody was given (invitation, reset) are refused for everyone: any signed-in caller will do.
        var who = key is "POST /account/signin?handler=Provider" or "POST /account/invitation?handler=Provider"
            ? Who.Anonymous
            : row.Outcomes.Where(o => !AuthorizationMatrixTests.IsRefusal(o.Value) && (o.Key != Who.Anonymous || key == "POST /account/signin"))
                .Select(o => (Who?)o.Key).FirstOrDefault() ?? Who.GlobalAdmin;
        var call = await row.Prepare(world, who);
        var session = call.Session ?? world.Portal(who);
        var strangersToken = await (await world.NewSessionAsync(who == Who.OtherOrg ? Who.Personal : Who.OtherOrg)).AntiforgeryTokenAsync();
        var anonymousToken = await PortalSession.Create(world.App).AntiforgeryTokenAsync();

        foreach (var (how, token) in new[] { ("no token", ""), ("another account's token", strangersToken), ("a token of no session", anonymousToken), ("a forged token", "CfDJ8" + new string('A', 120)) })
        {
            var before = await DbState.SnapshotAsync(world.App);
            var page = await session.PostFormAsync(call.Path, call.Form ?? [], token);
            Assert.True(page.Status == HttpStatusCode.BadRequest, $"{key} as {who} with {how}: expected 400, got {page}");
            Assert.Equal(before, await DbState.SnapshotAsync(world.App));
        }
        // The session itself survived: a refused sign-out signs nobody out.
        if (who != Who.Anonymous)
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/requests")).Status);
    }

    [SkippableFact]
    public async Task A_portal_cookie_never_authorizes_an_API_call()
    {
        var before = await DbState.SnapshotAsync(world.App);
        var session = world.Portal(Who.Operator);
        foreach (var (method, path) in new[] { ("GET", "/v1/me"), ("GET", "/v1/audit"), ("POST", "/v1/organizations"), ("POST", "/v1/token/revoke") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
                request.Content = new StringContent("""{"name":"Cookie Org","partnerId":"9900001","programs":["mpn"],"countryCode":"BR"}""", Encoding.UTF8, "application/json");
            var page = await session.SendAsync(request);
            Assert.True(page.Status == HttpStatusCode.Unauthorized, $"{method} {path} with only the portal cookie: {page}");
        }
        Assert.Equal(before, await DbState.SnapshotAsync(world.App));
    }

    [SkippableFact]
    public async Task Every_post_form_on_every_page_carries_an_antiforgery_token()
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var pages = AuthorizationTable.Rows.Where(r => r.Page && r.Key.StartsWith("GET ", StringComparison.Ordinal)).ToList();
        foreach (var who in SecurityWorld.Callers)
        {
            foreach (var row in pages)
            {
                var call = await row.Prepare(world, who);
                var page = await world.Portal(who).GetAsync(call.Path);
                if (page.Status != HttpStatusCode.OK)
                    continue;
                foreach (Match form in PostForm().Matches(page.Html))
                {
                    if (!form.Value.Contains("__RequestVerificationToken", StringComparison.Ordinal))
                    {
                        var action = Regex.Match(form.Groups[1].Value, "action=\"([^\"]*)\"") is { Success: true } a ? a.Groups[1].Value : "(this page)";
                        missing.Add($"{row.Key}: <form method=\"post\" action=\"{action}\">");
                    }
                }
            }
        }
        Assert.True(missing.Count == 0, "POST forms without an antiforgery token (submitting them answers 400, so the button does nothing):\n" + string.Join("\n", missing));
    }

    [GeneratedRegex("<form\\b([^>]*\\bmethod=\"post\"[^>]*)>.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex PostForm();

    // ---------------------------------------------------------------- helpers

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            yield return x;
        if (e is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                yield return inner;
        }
    }

    private static JsonObject Payload(string token) => JsonNode.Parse(Base64Url.Decode(token.Split('.')[1]))!.AsObject();

    private static bool SignedWith(string token, byte[] key)
    {
        var parts = token.Split('.');
        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        return CryptographicOperations.FixedTimeEquals(expected, Base64Url.Decode(parts[2]));
    }

    private static string Jwt(JsonObject claims, byte[] key)
    {
        var header = Base64Url.Encode(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var payload = Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Base64Url.Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    private static class Base64Url
    {
        public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static byte[] Decode(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
        }
    }
}
