using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// Every endpoint and page of the application, as its own endpoint data sources list them, called
/// by every kind of caller: nobody, each role of organization A, the operator, a personal account
/// and a user of organization B. API.md: no token is 401; signed in but not allowed is 403
/// not-authorized; another organization's resource is 404 and never leaked. The portal sends
/// those who are not signed in to /account/signin and those not allowed to /account/denied.
/// </summary>
public sealed class AuthorizationMatrixTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    private static readonly HashSet<string> AnonymousByDesign =
    [
        "GET /healthz", "GET /healthz/live", "GET /healthz/ready", "GET /openapi/{documentName}.json", "POST /v1/token",
        "GET /docs/{documentName?}", "GET /docs/scalar.js", "GET /docs/scalar.aspnetcore.js", "GET /docs/favicon.svg",
        "POST /v1/invitations/accept", "POST /v1/account/password-reset", "POST /v1/account/password-reset/confirm",
    ];

    public static TheoryData<string> Keys => [.. AuthorizationTable.Rows.Select(r => r.Key)];

    [SkippableFact]
    public async Task The_table_lists_every_endpoint_the_application_maps_and_nothing_else()
    {
        var mapped = await AppEndpoints.ListAsync(world.App);
        var listed = AuthorizationTable.Rows.Select(r => r.Key).ToList();

        var duplicates = listed.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Listed twice in AuthorizationTable: " + string.Join(", ", duplicates));
        var missing = mapped.Select(e => e.Key).Except(listed, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            "The application maps endpoints the authorization table does not list; add a row with each caller's expected outcome to AuthorizationTable:\n  "
            + string.Join("\n  ", missing));
        var gone = listed.Except(mapped.Select(e => e.Key), StringComparer.Ordinal).ToList();
        Assert.True(gone.Count == 0, "AuthorizationTable lists endpoints the application no longer maps:\n  " + string.Join("\n  ", gone));

        foreach (var row in AuthorizationTable.Rows)
            Assert.True(row.Page == mapped.Single(e => e.Key == row.Key).IsPage, $"{row.Key}: the table says page={row.Page}");
    }

    [SkippableFact]
    public void The_table_itself_lets_no_outsider_into_organization_A_and_no_stranger_past_sign_in()
    {
        var wrong = new List<string>();
        foreach (var row in AuthorizationTable.Rows)
        {
            var outcomes = row.Outcomes;
            if (row.AboutOrgA && !row.BearerSecret)
            {
                foreach (var outsider in new[] { Who.Personal, Who.OtherOrg })
                {
                    if (!IsRefusal(outcomes[outsider]))
                        wrong.Add($"{row.Key}: {outsider} would get {outcomes[outsider]} on a resource of organization A");
                }
            }
            var anonymousAllowed = AnonymousByDesign.Contains(row.Key) || row.Key.Contains(" /account/", StringComparison.Ordinal);
            var expected = row.Page ? "signin" : "401";
            if (!anonymousAllowed && outcomes[Who.Anonymous] != expected)
                wrong.Add($"{row.Key}: anonymous would get {outcomes[Who.Anonymous]}, not {expected}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [SkippableTheory]
    [MemberData(nameof(Keys))]
    public async Task Each_caller_gets_what_the_table_says(string key)
    {
        var row = AuthorizationTable.Rows.Single(r => r.Key == key);
        var failures = new List<string>();
        foreach (var (who, expected) in row.Outcomes)
        {
            var call = await row.Prepare(world, who);
            var checkUnchanged = call.Method != HttpMethod.Get && IsRefusal(expected);
            var before = checkUnchanged ? await DbState.SnapshotAsync(world.App) : null;

            var (verdict, text) = row.Page ? await SendPageAsync(who, call, expected) : await SendApiAsync(who, call, expected);
            if (verdict is not null)
                failures.Add($"{who}: expected {expected}, {verdict}");

            var outsider = who is Who.Anonymous or Who.Personal or Who.OtherOrg;
            if (outsider && !(row.BearerSecret && who != Who.Anonymous))
            {
                var sent = call.Path + " " + JsonSerializer.Serialize(call.Json) + " " + string.Join("&", (call.Form ?? []).Select(f => f.Value));
                var leaked = world.Secrets.Where(s => !sent.Contains(s, StringComparison.OrdinalIgnoreCase) && text.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();
                if (leaked.Count > 0)
                    failures.Add($"{who}: the answer reveals organization A's {string.Join(", ", leaked)}: {Truncate(text)}");
            }

            if (before is not null)
            {
                var after = await DbState.SnapshotAsync(world.App);
                if (after != before)
                    failures.Add($"{who}: refused, yet the data changed:\n    before {before}\n    after  {after}");
            }

            if (call.Cleanup is not null)
                await call.Cleanup();
            if (row.EndsSessions)
                await world.RenewAsync(who);
        }
        Assert.True(failures.Count == 0, $"{key}:\n  " + string.Join("\n  ", failures));
    }

    [SkippableTheory]
    [InlineData("POST", "/v1/token", "text/plain")]
    [InlineData("POST", "/v1/token", "application/x-www-form-urlencoded")]
    [InlineData("PUT", "/v1/token", "application/json")]
    [InlineData("DELETE", "/v1/me", null)]
    [InlineData("GET", "/v1/no-such-resource", null)]
    public async Task An_anonymous_API_call_that_matches_no_endpoint_gets_a_problem_not_the_portals_sign_in_page(string method, string path, string? contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null)
            request.Content = new StringContent($"{{\"email\":\"{SecurityWorld.TokenTarget}\",\"password\":\"{TestApp.Password}\"}}", System.Text.Encoding.UTF8, contentType);
        var response = await world.Api(Who.Anonymous).SendAsync(request);
        Assert.True((int)response.Status is >= 400 and < 500 && response.MediaType == "application/problem+json",
            $"{method} {path} ({contentType ?? "no body"}) without a token: expected a 4xx problem (401, 404, 405 or 415), got {(int)response.Status} "
            + $"{response.Headers.Location?.ToString() ?? ""} {Truncate(response.Text)}");
    }

    private async Task<(string? Verdict, string Text)> SendApiAsync(Who who, Call call, string expected)
    {
        using var request = new HttpRequestMessage(call.Method, call.Path);
        if (call.Json is not null)
            request.Content = JsonContent.Create(call.Json);
        else if (call.Content is not null)
            request.Content = call.Content();
        if (call.Method != HttpMethod.Get)
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var response = await world.Api(who).SendAsync(request);
        var code = response.Json is System.Text.Json.Nodes.JsonObject o ? o["code"]?.ToString() : null;
        var got = $"got {(int)response.Status} {Truncate(response.Text)}";
        var status = int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        if ((int)response.Status != status)
            return (got, response.Text);
        var expectedCode = status switch
        {
            401 => "unauthenticated",
            403 => "not-authorized",
            _ => null,
        };
        if (expectedCode is not null && (response.MediaType != "application/problem+json" || code != expectedCode))
            return ($"a problem with code {expectedCode}; {got}", response.Text);
        if (status == 404 && (response.MediaType != "application/problem+json" || code is null || !code.EndsWith("not-found", StringComparison.Ordinal)))
            return ($"a …-not-found problem; {got}", response.Text);
        return (null, response.Text);
    }

    private async Task<(string? Verdict, string Text)> SendPageAsync(Who who, Call call, string expected)
    {
        var session = call.Session ?? world.Portal(who);
        PageResponse page;
        if (call.Method == HttpMethod.Get)
        {
            page = await session.GetAsync(call.Path);
        }
        else
        {
            // A notice left in TempData by an earlier redirect would pass for this call's: show it first.
            if (who != Who.Anonymous && call.Session is null)
                await session.GetAsync("/requests");
            page = await session.PostFormAsync(call.Path, call.Form ?? []);
        }
        var location = page.Location ?? "";
        var ok = expected switch
        {
            "page" => page.Status == HttpStatusCode.OK && page.MediaType == "text/html",
            "file" => page.Status == HttpStatusCode.OK && page.MediaType is not null && page.MediaType != "text/html",
            "ok" => page.Status == HttpStatusCode.OK && page.ShowsSuccess && !page.ShowsError,
            "clean" => page.Status == HttpStatusCode.OK && page.MediaType == "text/html" && !page.ShowsError,
            "refused" => page.Status == HttpStatusCode.OK && page.ShowsError,
            "signin" => page.Status == HttpStatusCode.Redirect && location.StartsWith("/account/signin", StringComparison.OrdinalIgnoreCase),
            "denied" => page.Status == HttpStatusCode.Redirect && location.StartsWith("/account/denied", StringComparison.OrdinalIgnoreCase),
            "done" => page.Status == HttpStatusCode.Redirect && !location.StartsWith("/account/", StringComparison.OrdinalIgnoreCase),
            "404" => page.Status == HttpStatusCode.NotFound,
            _ when expected.StartsWith("to:", StringComparison.Ordinal) => page.Status == HttpStatusCode.Redirect && location == expected[3..],
            _ => throw new InvalidOperationException($"Unknown page outcome {expected}"),
        };
        return (ok ? null : $"got {Describe(page)}", location + " " + page.Html);
    }

    /// <summary>Outcomes that refuse the caller: nothing may change and nothing of A may show.</summary>
    internal static bool IsRefusal(string outcome) => outcome is "401" or "403" or "404" or "refused" or "signin" or "denied";

    private static string Describe(PageResponse page)
    {
        var error = System.Text.RegularExpressions.Regex.Match(page.Html, "class=\"alert error\"[^>]*>(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline);
        return $"{(int)page.Status}{(page.Location is null ? "" : " -> " + page.Location)}"
            + (error.Success ? " error: " + WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(error.Groups[1].Value, "<[^>]+>", " ").Trim()) : "")
            + (page.ShowsSuccess ? " (success notice)" : "");
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
