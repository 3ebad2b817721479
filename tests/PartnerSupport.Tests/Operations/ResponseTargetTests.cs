using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// Each request is due a first response within its severity's target; an operator's first answer
/// meets it or misses it, and requests past their due time without one are listed as breaches.
/// </summary>
public sealed class ResponseTargetTests : AppTest
{
    private static readonly TimeSpan Critical = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Moderate = TimeSpan.FromHours(2);
    private static readonly TimeSpan Minimal = TimeSpan.FromDays(1);

    private Scenario _s = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ResponseTargets:Critical"] = "00:30:00",
        ["ResponseTargets:Moderate"] = "02:00:00",
        ["ResponseTargets:Minimal"] = "1.00:00:00",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _s = await Scenario.StartAsync(_app);
    }

    [SkippableFact]
    public void Without_configuration_critical_is_due_in_an_hour_moderate_in_four_and_minimal_in_eight()
    {
        var defaults = new ResponseTargetOptions();
        Assert.Equal(TimeSpan.FromHours(1), defaults.For(Severity.Critical));
        Assert.Equal(TimeSpan.FromHours(4), defaults.For(Severity.Moderate));
        Assert.Equal(TimeSpan.FromHours(8), defaults.For(Severity.Minimal));
    }

    [SkippableFact]
    public async Task A_server_configured_with_a_target_that_is_not_a_positive_duration_refuses_to_start()
    {
        // A host of its own that must fail to start, beside the class's app that already runs.
        await using var wrong = new TestApp(_db, settings: new Dictionary<string, string?> { ["ResponseTargets:Critical"] = "-01:00:00" });
        var failure = Assert.ThrowsAny<Exception>(() => wrong.CreateClient());
        Assert.Contains("ResponseTargets", failure.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Each_request_is_due_a_response_at_its_creation_plus_the_configured_target_of_its_severity()
    {
        var p = await _s.PartnerWithContractAsync("Adatum");
        foreach (var (severity, target) in new[] { ("critical", Critical), ("moderate", Moderate), ("minimal", Minimal) })
        {
            var created = await p.OpenAsync(severity);
            var createdAt = At(created, "createdDate");
            Assert.Equal(_app.Time.GetUtcNow(), createdAt);
            Assert.Equal(createdAt + target, At(created, "responseDueAt"));
            Assert.Null(created.Json!["firstResponseAt"]);
            Assert.False(created.Json["responseTargetBreached"]!.GetValue<bool>());
            // The existing shape stays: the incident is taken as before.
            Assert.True(created.Json["incidentConsumed"]!.GetValue<bool>());
            _app.Time.Advance(TimeSpan.FromMinutes(7));
        }
    }

    [SkippableFact]
    public async Task On_SQLite_an_hour_is_the_step_migration_0003_adds_to_date_requests_opened_before_it()
    {
        if (_db.Provider != Storage.DatabaseProvider.Sqlite)
            return;
        var p = await _s.PartnerWithContractAsync("Adatum");
        var id = Guid.Parse((await p.OpenAsync("moderate")).Id);
        // The migration adds 73,728,000,000 per hour to the stored CreatedDate: it must be EF's own encoding.
        var step = await _app.WithDbAsync(db => db.Database
            .SqlQuery<long>($"SELECT \"ResponseDueAt\" - \"CreatedDate\" AS \"Value\" FROM \"ServiceRequests\" WHERE \"Id\" = {id}")
            .SingleAsync());
        Assert.Equal(73_728_000_000L * (long)Moderate.TotalHours, step);
    }

    [SkippableFact]
    public async Task The_first_response_is_recorded_once_and_later_answers_do_not_move_it()
    {
        var p = await _s.PartnerWithContractAsync("Adatum");
        var id = (await p.OpenAsync("critical")).Id;
        _app.Time.Advance(TimeSpan.FromMinutes(10));
        var firstAt = _app.Time.GetUtcNow();

        var first = (await _s.Operator.PostAsync($"/v1/servicerequests/{id}/responses", new { message = "Looking at the cluster logs now." })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(firstAt, At(first, "firstResponseAt"));
        Assert.False(first.Json!["responseTargetBreached"]!.GetValue<bool>());

        _app.Time.Advance(TimeSpan.FromMinutes(20));
        var second = (await _s.Operator.PostAsync($"/v1/servicerequests/{id}/responses", new { message = "Please send the cluster validation report." })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(firstAt, At(second, "firstResponseAt"));
        Assert.False(second.Json!["responseTargetBreached"]!.GetValue<bool>());

        var read = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(firstAt, At(read, "firstResponseAt"));
        var answers = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}/responses")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal(["Looking at the cluster logs now.", "Please send the cluster validation report."], answers.Select(a => a!.Str("message")));
        Assert.All(answers, a => Assert.Equal(TestApp.OperatorEmail, a!.Str("author")));
    }

    [SkippableFact]
    public async Task Only_operators_answer_and_an_empty_answer_or_an_unknown_request_is_refused_without_changing_anything()
    {
        var p = await _s.PartnerWithContractAsync("Adatum");
        var id = (await p.OpenAsync()).Id;

        (await p.Admin.PostAsync($"/v1/servicerequests/{id}/responses", new { message = "I answer myself." })).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await _s.Operator.PostAsync($"/v1/servicerequests/{id}/responses", new { message = "  " })).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await _s.Operator.PostAsync($"/v1/servicerequests/{Guid.NewGuid()}/responses", new { message = "Hello" })).AssertProblem(HttpStatusCode.NotFound, "service-request-not-found");

        var read = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Null(read.Json!["firstResponseAt"]);
        Assert.Empty((await p.Engineer.GetAsync($"/v1/servicerequests/{id}/responses")).Items());
    }

    [SkippableFact]
    public async Task A_request_is_flagged_and_listed_once_its_due_time_passes_without_an_answer_and_stays_so_when_answered_late()
    {
        var p = await _s.PartnerWithContractAsync("Adatum");
        var late = (await p.OpenAsync("critical", "Late answer")).Id;
        var onTime = (await p.OpenAsync("critical", "Answered in time")).Id;
        var withdrawn = (await p.OpenAsync("critical", "Withdrawn before due")).Id;

        _app.Time.Advance(Critical - TimeSpan.FromMinutes(1));
        (await _s.Operator.PostAsync($"/v1/servicerequests/{onTime}/responses", new { message = "On it." })).AssertStatus(HttpStatusCode.OK);
        (await p.Engineer.PatchAsync($"/v1/servicerequests/{withdrawn}", new { status = "closed", resolution = "cancelled" })).AssertStatus(HttpStatusCode.OK);
        Assert.False(await BreachedAsync(p.Engineer, late));
        Assert.Empty(await BreachIdsAsync(_s.Operator));

        _app.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await BreachedAsync(p.Engineer, late));
        Assert.False(await BreachedAsync(p.Engineer, onTime));
        Assert.False(await BreachedAsync(p.Engineer, withdrawn));
        Assert.Equal([late], await BreachIdsAsync(_s.Operator));
        var listed = (await p.Engineer.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.True(listed.Single(r => r!.Str("id") == late)!["responseTargetBreached"]!.GetValue<bool>());

        var answered = (await _s.Operator.PostAsync($"/v1/servicerequests/{late}/responses", new { message = "Sorry for the wait." })).AssertStatus(HttpStatusCode.OK);
        Assert.True(answered.Json!["responseTargetBreached"]!.GetValue<bool>());
        Assert.Equal([late], await BreachIdsAsync(_s.Operator));

        // Reopened past its due time and never answered: it waited too long after all.
        (await p.Engineer.PatchAsync($"/v1/servicerequests/{withdrawn}", new { status = "open" })).AssertStatus(HttpStatusCode.OK);
        Assert.True(await BreachedAsync(p.Engineer, withdrawn));
        Assert.Equal([late, withdrawn], (await BreachIdsAsync(_s.Operator)).Order());
    }

    [SkippableFact]
    public async Task Organization_admins_see_only_their_organizations_breaches_and_other_roles_none()
    {
        var a = await _s.PartnerWithContractAsync("Adatum");
        var b = await _s.PartnerWithContractAsync("Litware");
        var ofA = (await a.OpenAsync("critical")).Id;
        var ofB = (await b.OpenAsync("critical")).Id;
        _app.Time.Advance(Critical + TimeSpan.FromMinutes(1));

        Assert.Equal([ofA], await BreachIdsAsync(a.Admin));
        Assert.Equal([ofB], await BreachIdsAsync(b.Admin));
        Assert.Equal(new[] { ofA, ofB }.Order(), (await BreachIdsAsync(_s.Operator)).Order());
        (await a.Engineer.GetAsync("/v1/servicerequests/breaches")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        var mpnAdmin = await _s.UserAsync(a.OrganizationId, "mpn.admin@adatum.example", "mpnPartnerAdmin");
        Assert.Equal([ofA], await BreachIdsAsync(mpnAdmin));
        var agent = await _s.UserAsync(a.OrganizationId, "agent@adatum.example", "adminAgent");
        (await agent.GetAsync("/v1/servicerequests/breaches")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
    }

    [SkippableFact]
    public async Task The_portal_shows_the_due_time_the_badge_and_the_breach_page_and_lets_operators_answer()
    {
        var p = await _s.PartnerWithContractAsync("Adatum");
        var id = (await p.OpenAsync("critical", "Portal breach")).Id;
        _app.Time.Advance(Critical + TimeSpan.FromMinutes(1));

        var engineer = await Security.PortalSession.SignedInAsync(_app, p.EngineerEmail);
        var list = await engineer.GetAsync("/requests");
        Assert.Contains("class=\"badge breach\"", list.Html, StringComparison.Ordinal);
        var details = await engineer.GetAsync($"/requests/{id}");
        Assert.Contains("class=\"badge breach\"", details.Html, StringComparison.Ordinal);
        Assert.Contains("class=\"response-due\"", details.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Respond", details.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await engineer.GetAsync("/requests/breaches")).Status);

        var op = await Security.PortalSession.SignedInAsync(_app, TestApp.OperatorEmail);
        var breaches = await op.GetAsync("/requests/breaches");
        Assert.Equal(HttpStatusCode.OK, breaches.Status);
        Assert.Contains($"/requests/{id}", breaches.Html, StringComparison.Ordinal);
        var answered = await op.PostFormAsync($"/requests/{id}?handler=Respond", [new("message", "Answer from the portal")]);
        Assert.Equal(HttpStatusCode.Redirect, answered.Status);
        var after = await engineer.GetAsync($"/requests/{id}");
        Assert.Contains("Answer from the portal", after.Html, StringComparison.Ordinal);
        Assert.Contains("class=\"badge breach\"", after.Html, StringComparison.Ordinal);

        var pt = await Security.PortalSession.SignedInAsync(_app, TestApp.OperatorEmail);
        await pt.PostFormAsync("/account/culture", [new("culture", "pt-BR"), new("returnUrl", "/requests/breaches")]);
        Assert.Contains("Meta de resposta perdida", (await pt.GetAsync("/requests/breaches")).Html, StringComparison.Ordinal);
    }

    private static DateTimeOffset At(ApiResponse response, string field) =>
        DateTimeOffset.Parse(response.Str(field), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    private static async Task<bool> BreachedAsync(ApiClient client, string id) =>
        (await client.GetAsync($"/v1/servicerequests/{id}")).AssertStatus(HttpStatusCode.OK).Json!["responseTargetBreached"]!.GetValue<bool>();

    private static async Task<List<string>> BreachIdsAsync(ApiClient client) =>
        (await client.GetAsync("/v1/servicerequests/breaches")).AssertStatus(HttpStatusCode.OK).Items().Select(r => r!.Str("id")).ToList();
}
