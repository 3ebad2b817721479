using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// One endpoint as the application itself lists it. API endpoints are keyed "METHOD /pattern";
/// Razor pages "GET /route" for the page and "POST /route[?handler=Name]" for each POST handler.
/// </summary>
public sealed record AppEndpoint(string Key, string Method, string Route, bool IsPage, Type? BodyType);

public static partial class AppEndpoints
{
    /// <summary>Every route endpoint of every <see cref="EndpointDataSource"/> the application registered.</summary>
    public static async Task<IReadOnlyList<AppEndpoint>> ListAsync(TestApp app)
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var found = new Dictionary<string, AppEndpoint>(StringComparer.Ordinal);
        var endpoints = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var raw = endpoint.RoutePattern.RawText ?? "";
            var route = raw.StartsWith('/') ? raw : "/" + raw;
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                found.TryAdd($"GET {route}", new AppEndpoint($"GET {route}", "GET", route, true, null));
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods)
                {
                    var method = handler.HttpMethod.ToUpperInvariant();
                    if (method == "GET" && handler.Name is null)
                        continue;
                    var key = handler.Name is null ? $"{method} {route}" : $"{method} {route}?handler={handler.Name}";
                    found.TryAdd(key, new AppEndpoint(key, method, route, true, null));
                }
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            foreach (var method in methods)
                found.TryAdd($"{method} {route}", new AppEndpoint($"{method} {route}", method, route, false, body));
        }
        return found.Values.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
    }
}

/// <summary>An answer of the portal: status, where a redirect goes, the HTML.</summary>
public sealed record PageResponse(HttpStatusCode Status, string? Location, string Html, string? MediaType, HttpResponseMessage Raw)
{
    /// <summary>A refusal at the top of the page, or next to the field it concerns.</summary>
    public bool ShowsError =>
        Html.Contains("class=\"alert error\"", StringComparison.Ordinal) || Html.Contains("field-validation-error", StringComparison.Ordinal);
    public bool ShowsSuccess => Html.Contains("class=\"alert ok\"", StringComparison.Ordinal);

    public override string ToString() =>
        $"{(int)Status}{(Location is null ? "" : " -> " + Location)} {(Html.Length > 400 ? Html[..400] + "…" : Html)}";
}

/// <summary>
/// A browser-like session of the portal: cookies kept, redirects not followed, forms posted with
/// the antiforgery token the page handed out (unless a test says otherwise).
/// </summary>
public sealed partial class PortalSession
{
    private readonly HttpClient _http;

    private PortalSession(HttpClient http, CookieContainer cookies)
    {
        _http = http;
        Cookies = cookies;
    }

    public CookieContainer Cookies { get; }
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>
    /// A session on the in-process server. <paramref name="address"/> becomes the connection's
    /// remote address (TestServer leaves it null otherwise), as Kestrel would set it.
    /// </summary>
    public static PortalSession Create(TestApp app, string? address = null, bool https = false)
    {
        var cookies = new CookieContainer();
        var inner = address is null
            ? app.Server.CreateHandler()
            : app.Server.CreateHandler(http => http.Connection.RemoteIpAddress = IPAddress.Parse(address));
        var http = new HttpClient(new CookieContainerHandler(cookies) { InnerHandler = inner })
        {
            BaseAddress = new Uri(https ? "https://localhost/" : "http://localhost/"),
        };
        return new PortalSession(http, cookies);
    }

    /// <summary>
    /// A session on a server process. Sessions given the same cookies are one browser whose
    /// requests a load balancer spreads over several servers.
    /// </summary>
    public static PortalSession Create(Uri baseAddress, CookieContainer cookies)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        return new PortalSession(http, cookies);
    }

    public static async Task<PortalSession> SignedInAsync(TestApp app, string email, string? address = null, bool https = false)
    {
        var session = Create(app, address, https);
        await session.SignInAsync(email);
        return session;
    }

    public async Task SignInAsync(string email, string password = TestApp.Password)
    {
        var response = await PostFormAsync("/account/signin", [new("Email", email), new("Password", password)]);
        Assert.True(response.Status == HttpStatusCode.Redirect && response.Location == "/", $"Portal sign-in of {email} failed: {response}");
    }

    public async Task<PageResponse> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    /// <summary>The antiforgery token of this session (signed in or not), from the sign-in form.</summary>
    public async Task<string> AntiforgeryTokenAsync()
    {
        var page = await GetAsync("/account/signin");
        return TokenIn(page.Html) ?? throw new InvalidOperationException("No antiforgery token on /account/signin: " + page);
    }

    public static string? TokenIn(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    /// <summary>
    /// Posts a form. <paramref name="token"/>: null fetches this session's token; "" sends none;
    /// anything else is sent as given.
    /// </summary>
    public async Task<PageResponse> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? token = null)
    {
        token ??= await AntiforgeryTokenAsync();
        var all = fields.ToList();
        if (token.Length > 0)
            all.Add(new("__RequestVerificationToken", token));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(all) };
        return await SendAsync(request);
    }

    public async Task<PageResponse> SendAsync(HttpRequestMessage request)
    {
        var response = await _http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : null;
        return new PageResponse(response.StatusCode, location, html, response.Content.Headers.ContentType?.MediaType, response);
    }

    /// <summary>The cookies this session would send, as a Cookie header (to replay them elsewhere).</summary>
    public string CookieHeader() => Cookies.GetCookieHeader(BaseAddress);

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}

public static class SecurityClients
{
    /// <summary>An API client whose requests arrive from <paramref name="address"/>.</summary>
    public static ApiClient ApiFrom(this TestApp app, string address) =>
        new(new HttpClient(app.Server.CreateHandler(http => http.Connection.RemoteIpAddress = IPAddress.Parse(address))) { BaseAddress = app.Server.BaseAddress });

    public static ApiClient WithToken(this TestApp app, string token)
    {
        var client = app.Anonymous();
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string Token(this ApiClient client) => client.Http.DefaultRequestHeaders.Authorization!.Parameter!;

    public static Task<ApiResponse> DeleteAsync(this ApiClient client, string path) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path));

    /// <summary>Sends raw bytes with the given content type (null: no Content-Type header).</summary>
    public static Task<ApiResponse> SendRawAsync(this ApiClient client, HttpMethod method, string path, byte[]? body, string? contentType, IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        return client.SendAsync(request);
    }
}

/// <summary>
/// What a refused call must leave as it was: the row count of every table of the model (found
/// from the model, so a new table is counted too), the balances and the states a call can move.
/// Wrong Access ID / Contract ID pairs are recorded in the audit trail on purpose, so audit
/// entries of the action "contract.link-failed" are counted apart. The e-mail outbox is left out:
/// the worker writes it in the background from earlier calls' events, and the events themselves
/// (OutboundEvents) are counted, so a refused call that announced something still shows.
/// </summary>
public static class DbState
{
    public static Task<string> SnapshotAsync(TestApp app) => app.WithDbAsync(async db =>
    {
        var tables = db.Model.GetEntityTypes()
            .Where(t => t.GetViewName() is null && t.GetTableName() is not null)
            .Select(t => t.GetTableName()!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var probes = tables.Where(t => t is not "AuditLog" and not "EmailOutbox").Select(t => ($"{t}", $"SELECT COUNT(*) FROM \"{t}\"")).ToList();
        probes.AddRange(
        [
            ("audit (without failed links)", "SELECT COUNT(*) FROM \"AuditLog\" WHERE \"Action\" <> 'contract.link-failed'"),
            ("remaining incidents", "SELECT COALESCE(SUM(\"RemainingIncidents\"), 0) FROM \"SupportContracts\""),
            ("contracts on resolution", "SELECT COUNT(*) FROM \"SupportContracts\" WHERE \"DecrementOn\" <> 'Creation'"),
            ("open requests", "SELECT COUNT(*) FROM \"ServiceRequests\" WHERE \"Status\" <> 'Closed'"),
            ("charged requests", "SELECT COUNT(*) FROM \"ServiceRequests\" WHERE \"Charge\" <> 'None'"),
            ("pending activations", "SELECT COUNT(*) FROM \"Activations\" WHERE \"Status\" = 'Pending'"),
            ("benefits not activated", "SELECT COUNT(*) FROM \"Benefits\" WHERE \"ActivationState\" = 'NotActivated'"),
        ]);
        var sql = "SELECT " + string.Join(", ", probes.Select((p, i) => $"({p.Item2}) AS c{i}"));
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var parts = new StringBuilder();
            for (var i = 0; i < probes.Count; i++)
                parts.Append(probes[i].Item1).Append('=').Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append("; ");
            await reader.DisposeAsync();
            // A refused sign-out must not end anyone's sessions: the security stamps stay as they were.
            var stamps = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.SecurityStamp).ToListAsync();
            var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", stamps))))[..12];
            return parts.Append("security stamps=").Append(hash).ToString();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });
}
