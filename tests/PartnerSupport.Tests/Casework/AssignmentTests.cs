using System.Net;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Casework;

/// <summary>Staff assign requests to staff, mark them as waiting on the partner, and the partner's reply reopens them.</summary>
public sealed class AssignmentTests : AppTest
{
    [SkippableFact]
    public async Task Staff_assign_a_request_to_a_staff_member_and_unassign_it_and_the_timeline_says_so()
    {
        var s = await Scenario.StartAsync(_app);
        var (engineer, engineerId) = await s.EngineerAsync(_app, "Sam Engineer");
        var p = await s.PartnerWithContractAsync("Adatum");
        var id = await p.OpenIdAsync();

        var assigned = (await engineer.PostAsync($"/v1/servicerequests/{id}/assign", new { assigneeId = engineerId })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(engineerId, assigned.Json!["assignedTo"]!.Str("id"));
        Assert.Equal("Sam Engineer", assigned.Json["assignedTo"]!.Str("displayName"));
        // The partner sees who works its request.
        Assert.Equal(engineerId, (await p.Engineer.GetAsync($"/v1/servicerequests/{id}")).AssertStatus(HttpStatusCode.OK).Json!["assignedTo"]!.Str("id"));

        var unassigned = (await s.Operator.PostAsync($"/v1/servicerequests/{id}/assign", new { assigneeId = (string?)null })).AssertStatus(HttpStatusCode.OK);
        Assert.Null(unassigned.Json!["assignedTo"]);

        var events = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}/events")).AssertStatus(HttpStatusCode.OK).Items();
        var assignments = events.Where(e => e!.Str("kind") == "assigned").ToList();
        Assert.Equal(2, assignments.Count);
        Assert.Equal("Sam Engineer", assignments[0]!.Str("detail"));
        Assert.Equal("Sam Engineer", assignments[0]!["actor"]!.Str("displayName"));
        Assert.Null(assignments[1]!["detail"]);
    }

    [SkippableFact]
    public async Task Assigning_to_an_account_that_is_not_staff_is_refused_and_changes_nothing_and_partners_may_not_assign()
    {
        var s = await Scenario.StartAsync(_app);
        var (engineer, engineerId) = await s.EngineerAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        var id = await p.OpenIdAsync();
        var partnerUserId = (await p.Admin.GetAsync("/v1/me")).Id;

        foreach (var assignee in new[] { partnerUserId, Guid.NewGuid().ToString() })
        {
            var refused = (await engineer.PostAsync($"/v1/servicerequests/{id}/assign", new { assigneeId = assignee })).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
            Assert.NotNull(refused.Json!["errors"]!["assigneeId"]);
        }
        Assert.Null((await engineer.GetAsync($"/v1/servicerequests/{id}")).Json!["assignedTo"]);
        (await p.Admin.PostAsync($"/v1/servicerequests/{id}/assign", new { assigneeId = engineerId })).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await engineer.PostAsync($"/v1/servicerequests/{Guid.NewGuid()}/assign", new { assigneeId = engineerId })).AssertProblem(HttpStatusCode.NotFound, "service-request-not-found");
        Assert.DoesNotContain((await engineer.GetAsync($"/v1/servicerequests/{id}/events")).Items(), e => e!.Str("kind") == "assigned");
    }

    [SkippableFact]
    public async Task Staff_mark_a_request_attention_needed_and_the_partners_message_puts_it_back_to_open()
    {
        var s = await Scenario.StartAsync(_app);
        var (engineer, _) = await s.EngineerAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        var id = await p.OpenIdAsync();
        // The timeline orders by time: each step here happens a little later than the one before.
        _app.Time.Advance(TimeSpan.FromMinutes(1));

        // Only staff decide that a request waits on the partner.
        (await p.Engineer.PatchAsync($"/v1/servicerequests/{id}", new { status = "attention_needed" })).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await p.Engineer.PatchAsync($"/v1/servicerequests/{id}", new { status = "attention_needed", newNote = new { text = "Sneaky" } })).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        Assert.Empty((await p.Engineer.GetAsync($"/v1/servicerequests/{id}/messages")).Items());

        var waiting = (await engineer.PatchAsync($"/v1/servicerequests/{id}", new { status = "attention_needed", newNote = new { text = "Please send the cluster log." } }))
            .AssertStatus(HttpStatusCode.OK);
        Assert.Equal("attention_needed", waiting.Str("status"));
        Assert.True(waiting.Json!["incidentConsumed"]!.GetValue<bool>());
        Assert.Equal("Please send the cluster log.", waiting.Json["notes"]!.AsArray().Single()!.Str("text"));
        Assert.NotNull(waiting.Json["firstResponseAt"]);

        _app.Time.Advance(TimeSpan.FromMinutes(5));
        (await p.Engineer.MessageAsync(id, "Here it is.")).AssertStatus(HttpStatusCode.Created);
        var reopened = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("open", reopened.Str("status"));
        Assert.Equal(_app.Time.GetUtcNow(), DateTimeOffset.Parse(reopened.Str("lastMessageAt"), System.Globalization.CultureInfo.InvariantCulture));

        // Partner Center's way of writing (newNote) does the same.
        _app.Time.Advance(TimeSpan.FromMinutes(5));
        (await engineer.PatchAsync($"/v1/servicerequests/{id}", new { status = "attention_needed" })).AssertStatus(HttpStatusCode.OK);
        _app.Time.Advance(TimeSpan.FromMinutes(5));
        var noted = (await p.Admin.PatchAsync($"/v1/servicerequests/{id}", new { newNote = new { text = "Anything else?" } })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("open", noted.Str("status"));
        Assert.Equal(["Please send the cluster log.", "Here it is.", "Anything else?"], noted.Json!["notes"]!.AsArray().Select(n => n!.Str("text")));

        var kinds = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}/events")).Items().Select(e => $"{e!.Str("kind")}:{e!["detail"]?.GetValue<string>()}").ToList();
        Assert.Equal(
        [
            "created:Cluster lost quorum", "incidentConsumed:19 remaining; Cluster lost quorum",
            "message:Please send the cluster log.", "statusChanged:open -> attention_needed",
            "message:Here it is.", "statusChanged:attention_needed -> open",
            "statusChanged:open -> attention_needed", "message:Anything else?", "statusChanged:attention_needed -> open",
        ], kinds);
    }

    [SkippableFact]
    public async Task Closing_and_reopening_appear_in_the_timeline_with_the_incident_given_back_and_taken_again_and_a_closed_request_takes_no_message()
    {
        var s = await Scenario.StartAsync(_app);
        var (engineer, _) = await s.EngineerAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        var id = await p.OpenIdAsync();
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        (await p.Engineer.PatchAsync($"/v1/servicerequests/{id}", new { status = "closed", resolution = "duplicate" })).AssertStatus(HttpStatusCode.OK);
        (await engineer.MessageAsync(id, "Too late?")).AssertProblem(HttpStatusCode.Conflict, "service-request-closed");
        (await p.Engineer.PatchAsync($"/v1/servicerequests/{id}", new { newNote = new { text = "Also late" } })).AssertProblem(HttpStatusCode.Conflict, "service-request-closed");
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        (await p.Engineer.PatchAsync($"/v1/servicerequests/{id}", new { status = "open" })).AssertStatus(HttpStatusCode.OK);

        var kinds = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}/events")).Items().Select(e => e!.Str("kind")).ToList();
        Assert.Equal(["created", "incidentConsumed", "closed", "incidentRefunded", "reopened", "incidentConsumed"], kinds);
        Assert.Empty((await p.Engineer.GetAsync($"/v1/servicerequests/{id}/messages")).Items());
    }
}
