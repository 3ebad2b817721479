using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CsvHelper;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Security;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// The usage report (API, CSV and portal) counts per month exactly what the ledger holds, and an
/// organization's admins never see another organization's usage.
/// </summary>
public sealed partial class UsageReportTests : AppTest
{
    private Scenario _s = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _s = await Scenario.StartAsync(_app);
    }

    /// <summary>
    /// November: three requests, one closed as duplicate (refunded). December: one more request and
    /// a November one closed as not an incident. B has one request in November.
    /// </summary>
    private async Task<(PartnerWithContract A, PartnerWithContract B)> TwoMonthsAsync(string nameOfA = "Adatum, \"North\" Inc.")
    {
        var a = await _s.PartnerWithContractAsync(nameOfA);
        var b = await _s.PartnerWithContractAsync("Litware");
        var november = new List<string>();
        for (var i = 0; i < 3; i++)
            november.Add((await a.OpenAsync(title: $"November {i}")).Id);
        (await a.Engineer.PatchAsync($"/v1/servicerequests/{november[0]}", new { status = "closed", resolution = "duplicate" })).AssertStatus(HttpStatusCode.OK);
        await b.OpenAsync(title: "Litware November");

        _app.Time.SetDate(new DateOnly(2026, 12, 3));
        await RenewAsync(a, b);
        await a.OpenAsync(title: "December");
        (await a.Engineer.PatchAsync($"/v1/servicerequests/{november[1]}", new { status = "closed", resolution = "notAnIncident" })).AssertStatus(HttpStatusCode.OK);
        return (a, b);
    }

    /// <summary>Tokens live an hour of the application's clock: after moving it by days, sign in again.</summary>
    private async Task RenewAsync(params PartnerWithContract[] partners)
    {
        await _s.Operator.SignInAsync(TestApp.OperatorEmail, TestApp.Password);
        foreach (var p in partners)
        {
            await p.Admin.SignInAsync(p.AdminEmail, TestApp.Password);
            await p.Engineer.SignInAsync(p.EngineerEmail, TestApp.Password);
        }
    }

    [SkippableFact]
    public async Task The_monthly_numbers_equal_the_ledger_of_the_contract()
    {
        var (a, _) = await TwoMonthsAsync();

        var report = (await a.Admin.GetAsync("/v1/reports/usage?from=2026-10&to=2027-01")).AssertStatus(HttpStatusCode.OK);
        var months = report.Items("months").Select(m => (m!.Str("month"), m!.Int("consumed")!.Value, m!.Int("refunded")!.Value)).ToList();
        Assert.Equal([("2026-10", 0, 0), ("2026-11", 3, 1), ("2026-12", 1, 1), ("2027-01", 0, 0)], months);
        Assert.Equal("2026-10-01", report.Str("from"));
        Assert.Equal("2027-01-31", report.Str("to"));

        var ledger = (await a.Admin.GetAsync($"/v1/supportcontracts/{a.Contract.SupportContractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items();
        foreach (var (month, consumed, refunded) in months)
        {
            var ofMonth = ledger.Where(e => e!.Str("at").StartsWith(month, StringComparison.Ordinal)).ToList();
            Assert.Equal(ofMonth.Count(e => e!.Str("kind") == "consume"), consumed);
            Assert.Equal(ofMonth.Count(e => e!.Str("kind") == "refund"), refunded);
        }

        var rows = report.Items();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(a.Name, r!.Str("organization")));
        Assert.All(rows, r => Assert.Equal(a.Contract.SupportContractId, r!.Str("supportContractId")));
        Assert.Equal(["2026-11", "2026-12"], rows.Select(r => r!.Str("month")));
    }

    [SkippableFact]
    public async Task Organization_admins_get_only_their_organizations_usage_and_other_roles_none()
    {
        var (a, b) = await TwoMonthsAsync();

        var ofA = (await a.Admin.GetAsync("/v1/reports/usage?from=2026-11&to=2026-12")).AssertStatus(HttpStatusCode.OK);
        Assert.All(ofA.Items(), r => Assert.Equal(a.OrganizationId, r!.Str("organizationId")));
        Assert.DoesNotContain("Litware", ofA.Text, StringComparison.Ordinal);
        var csvOfA = (await a.Admin.GetAsync("/v1/reports/usage?from=2026-11&to=2026-12&format=csv")).AssertStatus(HttpStatusCode.OK);
        Assert.DoesNotContain("Litware", csvOfA.Text, StringComparison.Ordinal);

        var ofB = (await b.Admin.GetAsync("/v1/reports/usage?from=2026-11&to=2026-12")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal([("2026-11", 1, 0), ("2026-12", 0, 0)], ofB.Items("months").Select(m => (m!.Str("month"), m!.Int("consumed")!.Value, m!.Int("refunded")!.Value)));
        Assert.DoesNotContain("Adatum", ofB.Text, StringComparison.Ordinal);

        var all = (await _s.Operator.GetAsync("/v1/reports/usage?from=2026-11&to=2026-12")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal([("2026-11", 4, 1), ("2026-12", 1, 1)], all.Items("months").Select(m => (m!.Str("month"), m!.Int("consumed")!.Value, m!.Int("refunded")!.Value)));

        (await a.Engineer.GetAsync("/v1/reports/usage")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        var agent = await _s.UserAsync(a.OrganizationId, "agent@adatum.example", "adminAgent");
        (await agent.GetAsync("/v1/reports/usage?format=csv")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
    }

    [SkippableFact]
    public async Task The_csv_parses_back_to_the_same_numbers_and_names_even_with_commas_and_quotes()
    {
        var (a, _) = await TwoMonthsAsync();

        var json = (await _s.Operator.GetAsync("/v1/reports/usage?from=2026-11-01&to=2026-12-31")).AssertStatus(HttpStatusCode.OK);
        var csv = (await _s.Operator.GetAsync("/v1/reports/usage?from=2026-11-01&to=2026-12-31&format=csv")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.MediaType);

        var parsed = ParseCsv(csv.Text);
        Assert.Equal(["month", "organization", "contract", "product", "consumed", "refunded"], parsed[0]);
        var expected = json.Items().Select(r => new[]
        {
            r!.Str("month"), r!.Str("organization"), r!.Str("contract"), r!.Str("product"),
            r!.Int("consumed")!.Value.ToString(CultureInfo.InvariantCulture), r!.Int("refunded")!.Value.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        Assert.Equal(expected, parsed.Skip(1).ToList());
        Assert.Contains(parsed, row => row[1] == a.Name);
        Assert.Equal(json.Items().Sum(r => r!.Int("consumed")), parsed.Skip(1).Sum(r => int.Parse(r[4], CultureInfo.InvariantCulture)));
    }

    [SkippableFact]
    public async Task A_name_that_a_spreadsheet_would_run_as_a_formula_is_escaped_in_the_csv()
    {
        var (a, _) = await TwoMonthsAsync("=HYPERLINK(\"http://evil.example\",\"x\")");
        var csv = (await a.Admin.GetAsync("/v1/reports/usage?from=2026-11&to=2026-12&format=csv")).AssertStatus(HttpStatusCode.OK);
        var organizations = ParseCsv(csv.Text).Skip(1).Select(r => r[1]).Distinct().ToList();
        Assert.Equal(["'" + a.Name], organizations);
    }

    [SkippableTheory]
    [InlineData("from=november", "from")]
    [InlineData("from=2026-13", "from")]
    [InlineData("to=2026-02-30", "to")]
    [InlineData("from=2026-12&to=2026-11", "to")]
    [InlineData("from=2000-01&to=2026-12", "to")]
    [InlineData("to=9999-12-31", "to")]
    [InlineData("format=xml", "format")]
    public async Task Bad_periods_and_formats_are_refused_with_a_problem_naming_the_field(string query, string field)
    {
        var response = await _s.Operator.GetAsync("/v1/reports/usage?" + query);
        response.AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(response.Json!["errors"]![field]);
    }

    [SkippableFact]
    public async Task The_portal_page_draws_one_bar_per_month_and_kind_scaled_to_the_largest_with_the_numbers_in_a_table_and_a_csv_link()
    {
        var (a, _) = await TwoMonthsAsync();
        var admin = await PortalSession.SignedInAsync(_app, a.AdminEmail);

        var page = await admin.GetAsync("/reports/usage?from=2026-10&to=2026-12");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);

        var svg = XElement.Parse(SvgPattern().Match(page.Html).Value);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("img", (string?)svg.Attribute("role"));
        var title = svg.Element(ns + "title");
        Assert.NotNull(title);
        Assert.Contains("Oct 1, 2026", title.Value, StringComparison.Ordinal);
        Assert.Contains((string)title.Attribute("id")!, (string?)svg.Attribute("aria-labelledby") ?? "", StringComparison.Ordinal);

        var bars = svg.Descendants(ns + "rect").Where(r => ((string?)r.Attribute("class") ?? "").Split(' ').Contains("bar"))
            .ToDictionary(r => ((string)r.Attribute("data-month")!, (string)r.Attribute("data-kind")!), r => (
                Value: int.Parse((string)r.Attribute("data-value")!, CultureInfo.InvariantCulture),
                Length: double.Parse((string)r.Attribute("width")!, CultureInfo.InvariantCulture),
                X: double.Parse((string)r.Attribute("x")!, CultureInfo.InvariantCulture)));
        var expected = new Dictionary<(string, string), int>
        {
            [("2026-10", "consumed")] = 0,
            [("2026-10", "refunded")] = 0,
            [("2026-11", "consumed")] = 3,
            [("2026-11", "refunded")] = 1,
            [("2026-12", "consumed")] = 1,
            [("2026-12", "refunded")] = 1,
        };
        Assert.Equal(expected.OrderBy(e => e.Key), bars.Select(b => KeyValuePair.Create(b.Key, b.Value.Value)).OrderBy(e => e.Key));
        var longest = bars[("2026-11", "consumed")].Length;
        Assert.True(longest > 0);
        foreach (var (key, bar) in bars)
        {
            Assert.Equal(longest * bar.Value / 3, bar.Length, 1);
            // Every bar starts from the same axis.
            Assert.Equal(bars[("2026-11", "consumed")].X, bar.X, 1);
        }

        var tableRows = MonthRowPattern().Matches(page.Html).Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal([("2026-10", 0, 0), ("2026-11", 3, 1), ("2026-12", 1, 1)], tableRows);

        var link = System.Net.WebUtility.HtmlDecode(CsvLinkPattern().Match(page.Html).Groups[1].Value);
        Assert.Equal("/reports/usage?handler=Csv&from=2026-10-01&to=2026-12-31", link);
        var download = await admin.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal("text/csv", download.MediaType);
        var parsed = ParseCsv(download.Html).Skip(1).ToList();
        Assert.Equal(4, parsed.Sum(r => int.Parse(r[4], CultureInfo.InvariantCulture)));
        Assert.Equal(2, parsed.Sum(r => int.Parse(r[5], CultureInfo.InvariantCulture)));
    }

    [SkippableFact]
    public async Task The_portal_page_refuses_a_bad_period_on_the_page_and_sends_other_roles_away()
    {
        var (a, _) = await TwoMonthsAsync();
        var admin = await PortalSession.SignedInAsync(_app, a.AdminEmail);
        var bad = await admin.GetAsync("/reports/usage?from=2026-12&to=2026-11");
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.True(bad.ShowsError, bad.ToString());
        Assert.DoesNotContain("<svg", bad.Html, StringComparison.Ordinal);

        var engineer = await PortalSession.SignedInAsync(_app, a.EngineerEmail);
        var denied = await engineer.GetAsync("/reports/usage");
        Assert.Equal(HttpStatusCode.Redirect, denied.Status);
        Assert.StartsWith("/account/denied", denied.Location, StringComparison.Ordinal);

        await admin.PostFormAsync("/account/culture", [new("culture", "es-ES"), new("returnUrl", "/reports/usage")]);
        Assert.Contains("Descargar CSV", (await admin.GetAsync("/reports/usage?from=2026-11&to=2026-12")).Html, StringComparison.Ordinal);
    }

    private static List<string[]> ParseCsv(string text)
    {
        using var reader = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
        return rows;
    }

    [GeneratedRegex("<svg[\\s\\S]*?</svg>")]
    private static partial Regex SvgPattern();

    [GeneratedRegex("<tr class=\"month\" data-month=\"([0-9-]+)\"><th scope=\"row\"[^>]*>[^<]+</th><td[^>]*>([0-9]+)</td><td[^>]*>([0-9]+)</td></tr>")]
    private static partial Regex MonthRowPattern();

    [GeneratedRegex("<a class=\"button\" href=\"([^\"]*handler=Csv[^\"]*)\"")]
    private static partial Regex CsvLinkPattern();
}
