using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerSupport.Storage;
using PartnerSupport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// As installations run: a real nginx ends TLS in front of the server processes (two on one
/// PostgreSQL database, spread round-robin; one on SQLite), and the servers trust nginx's address
/// (<c>ForwardedHeaders:KnownProxies</c>) and no other. Clients come from distinct loopback
/// addresses. Each client address gets its own sign-in allowance on each node, whatever it writes
/// in X-Forwarded-For; the portal's cookies are Secure and its redirects name the proxy's https
/// address; forwarded headers sent straight to a node are ignored.
/// </summary>
public sealed partial class ReverseProxyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Limit = 3;
    private const string Email = "pat@outlook.example";

    private readonly List<ServerProcess> _servers = [];
    // Real server processes behind a real nginx, not the in-process AppTest host.
    private TestDatabase _db = null!;
    private NginxProcess? _nginx;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
            await _nginx.DisposeAsync();
        foreach (var server in _servers)
            await server.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>The nodes behind nginx, with a user to sign in as.</summary>
    private async Task<NginxProcess> StartAsync(IDictionary<string, string>? extra = null)
    {
        // Several server processes on one database is a PostgreSQL set-up; on SQLite one stands behind nginx.
        var nodes = _db.Provider == DatabaseProvider.Postgres ? 2 : 1;
        var settings = new Dictionary<string, string>
        {
            ["ForwardedHeaders__KnownProxies__0"] = NginxProcess.ProxyAddress,
            ["RateLimits__SignInPerAddress"] = Limit.ToString(CultureInfo.InvariantCulture),
            // Long enough that no sign-in slides out of the window during the test.
            ["RateLimits__SignInWindow"] = "00:10:00",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            settings[key] = value;
        for (var i = 0; i < nodes; i++)
            _servers.Add(await ServerProcess.StartAsync(_db, $"node {(char)('A' + i)}", settings));
        // The operator signs in from 127.0.0.1 straight to the node: an address of its own.
        await (await Scenario.StartAsync(_servers[0])).AccountAsync(null, Email, "Pat");
        _nginx = await NginxProcess.StartAsync(_servers);
        output.WriteLine($"nginx on {_nginx.BaseAddress}, in front of {string.Join(", ", _servers.Select(s => s.BaseAddress))}");
        return _nginx;
    }

    private sealed record SignIn(HttpStatusCode Status, string Node, TimeSpan? RetryAfter, string Body);

    private static async Task<SignIn> SignInAsync(HttpClient client, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/token") { Content = JsonContent.Create(new { email = Email, password = TestApp.Password }) };
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        var node = response.Headers.TryGetValues("X-Upstream", out var upstream) ? string.Join(",", upstream) : "(straight to the node)";
        return new SignIn(response.StatusCode, node, response.Headers.RetryAfter?.Delta, await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Behind_nginx_each_client_address_has_its_own_sign_in_allowance_on_each_node_whatever_it_forwards()
    {
        var nginx = await StartAsync();

        // 127.0.0.2 signs in again and again, claiming another address in X-Forwarded-For each time:
        // nginx appends the address it sees, and the nodes believe nginx only for that last hop.
        using var greedy = nginx.Client("127.0.0.2");
        var served = new Dictionary<string, int>();
        var refusedBy = new HashSet<string>();
        for (var attempt = 1; refusedBy.Count < _servers.Count; attempt++)
        {
            Assert.True(attempt <= 4 * Limit * _servers.Count, $"Every node should have refused 127.0.0.2 by now; served: {string.Join(", ", served)}");
            var signIn = await SignInAsync(greedy, forwardedFor: $"198.51.100.{attempt}");
            served[signIn.Node] = served.GetValueOrDefault(signIn.Node) + 1;
            if (served[signIn.Node] <= Limit)
            {
                Assert.True(signIn.Status == HttpStatusCode.OK, $"Sign-in {served[signIn.Node]} of 127.0.0.2 on {signIn.Node}: {signIn}");
                continue;
            }
            // Past its allowance on that node: 429 with how long to wait.
            Assert.True(signIn.Status == HttpStatusCode.TooManyRequests, $"Sign-in {served[signIn.Node]} of 127.0.0.2 on {signIn.Node}: {signIn}");
            Assert.Equal(TimeSpan.FromMinutes(10), signIn.RetryAfter);
            Assert.Equal("too-many-requests", JsonNode.Parse(signIn.Body)!["code"]!.GetValue<string>());
            refusedBy.Add(signIn.Node);
        }
        // nginx spread the sign-ins over every node, and each node counted its own.
        Assert.Equal(_servers.Count, served.Count);
        output.WriteLine($"127.0.0.2's sign-ins per node: {string.Join(", ", served)}");

        // Meanwhile another client behind the same proxy signs in, on every node.
        using var other = nginx.Client("127.0.0.3");
        var otherNodes = new HashSet<string>();
        for (var i = 0; i < _servers.Count; i++)
        {
            var signIn = await SignInAsync(other);
            Assert.True(signIn.Status == HttpStatusCode.OK, $"127.0.0.3 through nginx: {signIn}");
            otherNodes.Add(signIn.Node);
        }
        Assert.Equal(_servers.Count, otherNodes.Count);

        // Straight to a node, X-Forwarded-For is not believed: 127.0.0.4 claiming a new address each
        // time is still counted as 127.0.0.4, and cut off after its allowance.
        var node = _servers[0];
        using var direct = nginx.Client("127.0.0.4", target: node.BaseAddress);
        for (var i = 1; i <= Limit; i++)
        {
            var signIn = await SignInAsync(direct, forwardedFor: $"203.0.113.{i}");
            Assert.True(signIn.Status == HttpStatusCode.OK, $"Sign-in {i} of 127.0.0.4 straight to {node.Name}: {signIn}");
        }
        var spoofed = await SignInAsync(direct, forwardedFor: "203.0.113.99");
        Assert.True(spoofed.Status == HttpStatusCode.TooManyRequests, $"127.0.0.4 past its allowance, claiming 203.0.113.99: {spoofed}");
        // ... while it was only that client that was cut off.
        using var neighbour = nginx.Client("127.0.0.5", target: node.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(neighbour)).Status);

        foreach (var server in _servers)
            Assert.False(server.HasExited, server.Log);
    }

    [SkippableFact]
    public async Task Through_nginx_ending_TLS_the_portal_s_cookies_are_Secure_and_its_redirects_name_the_proxy_s_https_address()
    {
        var nginx = await StartAsync();
        var cookies = new CookieContainer();
        using var browser = nginx.Client("127.0.0.6", cookies: cookies);
        var setCookies = new List<string>();

        async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            var response = await browser.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
                setCookies.AddRange(values);
            return response;
        }

        // Signed out, the portal sends the browser to its sign-in page at the address the browser
        // used: https and the proxy's host and port, not the node's plain-HTTP address.
        using (var home = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/")))
        {
            Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
            Assert.StartsWith($"https://127.0.0.1:{nginx.BaseAddress.Port}/account/signin", home.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        string token;
        using (var form = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account/signin")))
        {
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
            token = WebUtility.HtmlDecode(TokenPattern().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        }
        using (var signIn = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent([new("Email", Email), new("Password", TestApp.Password), new("__RequestVerificationToken", token)]),
        }))
        {
            Assert.True(signIn.StatusCode == HttpStatusCode.Redirect && signIn.Headers.Location?.OriginalString == "/",
                $"Portal sign-in through nginx: {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync()}");
        }
        using (var home = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/")))
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        // Every cookie the portal set (antiforgery and session among them) is Secure.
        output.WriteLine(string.Join("\n", setCookies));
        Assert.Contains(setCookies, c => c.StartsWith("partnersupport=", StringComparison.Ordinal));
        Assert.Contains(setCookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.All(setCookies, c => Assert.True(c.Split(';').Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)), "Not Secure: " + c));

        // Straight to a node, a client cannot claim https or another host: the redirect names what it really used.
        var node = _servers[0];
        using var direct = nginx.Client("127.0.0.7", target: node.BaseAddress);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/");
        forged.Headers.Add("X-Forwarded-Proto", "https");
        forged.Headers.Add("X-Forwarded-Host", "evil.example");
        using var answer = await direct.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith($"http://127.0.0.1:{node.BaseAddress.Port}/account/signin", answer.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Through_nginx_single_sign_on_sets_Secure_correlation_and_nonce_cookies_and_its_callback_may_land_on_any_node()
    {
        await using var provider = await OidcProvider.StartAsync();
        var nginx = await StartAsync(provider.Settings().ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!));
        await provider.RegisterClientAsync(nginx.BaseAddress);
        provider.Person = new ProviderPerson("contoso-id-pat", Email, EmailVerified: true);
        var cookies = new CookieContainer();
        // One client for the proxy and the provider alike, as a browser is.
        using var browser = nginx.Client("127.0.0.8", cookies: cookies);
        var setCookies = new List<string>();
        var hops = new List<Uri>();

        async Task<(HttpStatusCode Status, Uri At, string Body)> FollowAsync(HttpRequestMessage request)
        {
            for (var hop = 0; hop < 12; hop++)
            {
                hops.Add(request.RequestUri!);
                using var response = await browser.SendAsync(request);
                if (response.Headers.TryGetValues("Set-Cookie", out var values) && request.RequestUri!.Port == nginx.BaseAddress.Port)
                    setCookies.AddRange(values);
                var body = await response.Content.ReadAsStringAsync();
                if (response.Headers.Location is not { } next)
                    return (response.StatusCode, request.RequestUri!, body);
                var at = request.RequestUri!;
                request.Dispose();
                request = new HttpRequestMessage(HttpMethod.Get, next.IsAbsoluteUri ? next : new Uri(at, next));
            }
            throw new InvalidOperationException("Too many redirects: " + string.Join(" -> ", hops));
        }

        var form = await FollowAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(nginx.BaseAddress, "/account/signin")));
        var token = WebUtility.HtmlDecode(TokenPattern().Match(form.Body).Groups[1].Value);
        var landed = await FollowAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(nginx.BaseAddress, "/account/signin?handler=Provider"))
        {
            Content = new FormUrlEncodedContent([new("ReturnUrl", "/requests"), new("__RequestVerificationToken", token)]),
        });

        output.WriteLine(string.Join("\n", hops));
        output.WriteLine(string.Join("\n", setCookies));
        Assert.True(landed.Status == HttpStatusCode.OK && landed.At == new Uri(nginx.BaseAddress, "/requests"), $"Single sign-on through nginx: {(int)landed.Status} {landed.At}");
        // The provider was told to send the person back to the proxy's https address, not a node's.
        var callback = Uri.EscapeDataString($"https://127.0.0.1:{nginx.BaseAddress.Port}/signin-oidc");
        Assert.Contains(hops, h => h.Port == provider.Authority.Port && h.Query.Contains("redirect_uri=" + callback, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(hops, h => h.Port == nginx.BaseAddress.Port && h.AbsolutePath == "/signin-oidc");
        foreach (var name in new[] { ".AspNetCore.Correlation.", ".AspNetCore.OpenIdConnect.Nonce.", "partnersupport.external=", "partnersupport=" })
            Assert.Contains(setCookies, c => c.StartsWith(name, StringComparison.Ordinal));
        Assert.All(setCookies, c => Assert.True(c.Split(';').Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)), "Not Secure: " + c));
        Assert.All(setCookies.Where(c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal) || c.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal)),
            c => Assert.Contains("samesite=lax", c, StringComparison.OrdinalIgnoreCase));
        foreach (var server in _servers)
            Assert.False(server.HasExited, server.Log);
    }

    [SkippableFact]
    public async Task A_known_network_that_is_not_a_network_stops_the_server_with_a_line_naming_the_key()
    {
        var settings = new Dictionary<string, string> { ["ForwardedHeaders__KnownNetworks"] = "not-a-network" };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ServerProcess.StartAsync(_db, "misconfigured", settings));
        Assert.Contains(error.Message.Split('\n'), line => line.Contains("ForwardedHeaders:KnownNetworks", StringComparison.Ordinal) && line.Contains("'not-a-network'", StringComparison.Ordinal));
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
