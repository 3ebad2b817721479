using System.Net;
using System.Text.RegularExpressions;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Contract;

/// <summary>
/// The interactive reference at /docs: anyone may read it, everything it loads comes from this
/// server, and its Content-Security-Policy relaxes nothing about script (a per-page nonce lets its
/// own bootstrap run); only the reference pages allow inline styles, never the portal.
/// </summary>
public sealed partial class ApiReferenceTests : AppTest
{
    [SkippableFact]
    public async Task Docs_answers_anyone_and_sends_the_browser_to_the_page()
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/docs/", new Uri(new Uri("http://localhost/docs"), response.Headers.Location!).AbsolutePath);

        var page = await _app.Anonymous().GetAsync("/docs/");
        page.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("<title>PartnerSupport API</title>", page.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_page_runs_only_scripts_of_this_server_and_its_own_nonced_bootstrap()
    {
        var api = _app.Anonymous();
        var page = await api.GetAsync("/docs/");
        var policy = Directives(page.Headers);

        var scriptSrc = policy["script-src"];
        Assert.Contains("'self'", scriptSrc);
        Assert.DoesNotContain("'unsafe-inline'", scriptSrc);
        Assert.DoesNotContain("'unsafe-eval'", scriptSrc);
        var nonce = Assert.Single(scriptSrc, s => s.StartsWith("'nonce-", StringComparison.Ordinal))["'nonce-".Length..^1];
        Assert.True(nonce.Length >= 32, $"a nonce of {nonce.Length} characters is guessable");
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'none'"], policy["object-src"]);
        foreach (var (directive, sources) in policy)
            Assert.DoesNotContain(sources, s => s.Contains("http", StringComparison.OrdinalIgnoreCase) || s == "*");

        // Every script on the page carries this response's nonce and comes from this server.
        var scripts = ScriptTag().Matches(page.Text).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.Contains($"nonce=\"{nonce}\"", script, StringComparison.Ordinal);
            if (SourceAttribute().Match(script) is { Success: true } src)
            {
                Assert.False(src.Groups[1].Value.Contains("//", StringComparison.Ordinal), $"{script} loads from another origin");
                var asset = await api.GetAsync(new Uri(new Uri("http://localhost/docs/"), src.Groups[1].Value).AbsolutePath);
                asset.AssertStatus(HttpStatusCode.OK);
                Assert.Equal("text/javascript", asset.MediaType);
            }
        }

        // A nonce is good for one page only.
        var again = Directives((await api.GetAsync("/docs/")).Headers)["script-src"];
        Assert.DoesNotContain($"'nonce-{nonce}'", again);
    }

    [SkippableFact]
    public async Task Only_the_reference_allows_inline_styles_and_the_portal_keeps_its_strict_policy()
    {
        var api = _app.Anonymous();
        Assert.Contains("'unsafe-inline'", Directives((await api.GetAsync("/docs/")).Headers)["style-src"]);
        foreach (var path in new[] { "/account/signin", "/openapi/v1.json", "/healthz", "/v1/me", "/docsx" })
        {
            var policy = Directives((await api.GetAsync(path)).Headers);
            Assert.Equal(["'self'"], policy["style-src"]);
            Assert.Equal(["'self'"], policy["script-src"]);
        }
    }

    private static Dictionary<string, string[]> Directives(System.Net.Http.Headers.HttpResponseHeaders headers)
    {
        var csp = string.Join(",", headers.GetValues("Content-Security-Policy"));
        return csp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("src=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex SourceAttribute();
}
