using System.Net;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Casework;

/// <summary>
/// A request is a conversation: partners and staff write public messages, staff also internal ones,
/// which no partner ever sees: not in the messages, the notes, the timeline, the dates or the files.
/// </summary>
public sealed class InternalMessageTests : AppTest
{
    [SkippableFact]
    public async Task Internal_messages_and_their_files_are_hidden_from_partners_in_every_list_event_date_and_count()
    {
        var s = await Scenario.StartAsync(_app);
        var (engineer, _) = await s.EngineerAsync(_app, "Sam Engineer");
        var p = await s.PartnerWithContractAsync("Adatum");
        var id = await p.OpenIdAsync();

        _app.Time.Advance(TimeSpan.FromMinutes(1));
        var question = (await p.Engineer.MessageAsync(id, "It fails at night.")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal("partner", question.Json!["author"]!.Str("side"));
        Assert.Equal("public", question.Str("visibility"));
        var publicAt = _app.Time.GetUtcNow();
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        var secret = (await engineer.MessageAsync(id, "Internal: looks like the known storage bug, do not tell yet", "internal")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal("staff", secret.Json!["author"]!.Str("side"));
        (await engineer.UploadAsync(id, [1, 2, 3], "storage-trace.bin", secret.Id)).AssertStatus(HttpStatusCode.Created);

        // An internal note is no response to the partner: the response target still waits.
        var afterInternal = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Null(afterInternal.Json!["firstResponseAt"]);

        foreach (var partner in new[] { p.Engineer, p.Admin })
        {
            var messages = (await partner.GetAsync($"/v1/servicerequests/{id}/messages")).AssertStatus(HttpStatusCode.OK).Items();
            Assert.Equal([question.Id], messages.Ids());
            var request = (await partner.GetAsync($"/v1/servicerequests/{id}")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal(["It fails at night."], request.Json!["notes"]!.AsArray().Select(n => n!.Str("text")));
            Assert.Equal(publicAt, DateTimeOffset.Parse(request.Str("lastMessageAt"), System.Globalization.CultureInfo.InvariantCulture));
            var listed = (await partner.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK).Items().Single(r => r!.Str("id") == id)!;
            Assert.Single(listed["notes"]!.AsArray());
            var events = (await partner.GetAsync($"/v1/servicerequests/{id}/events")).AssertStatus(HttpStatusCode.OK).Items();
            Assert.Single(events, e => e!.Str("kind") == "message");
            Assert.DoesNotContain(events, e => e!["detail"]?.GetValue<string>()?.Contains("storage", StringComparison.Ordinal) == true);
            Assert.Empty((await partner.GetAsync($"/v1/servicerequests/{id}/attachments")).AssertStatus(HttpStatusCode.OK).Items());
            (await partner.GetAsync($"/v1/servicerequests/{id}/attachments/{(await engineer.GetAsync($"/v1/servicerequests/{id}/attachments")).Items()[0]!.Str("id")}"))
                .AssertProblem(HttpStatusCode.NotFound, "attachment-not-found");
            // Nor may a partner write one, or attach to the internal one.
            (await partner.MessageAsync(id, "Me too", "internal")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
            (await partner.UploadAsync(id, [9], "mine.txt", secret.Id)).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        }

        // Staff see the whole conversation, with the internal message's file on it.
        var all = (await engineer.GetAsync($"/v1/servicerequests/{id}/messages")).Items();
        Assert.Equal([question.Id, secret.Id], all.Ids());
        Assert.Equal("storage-trace.bin", all[1]!["attachments"]!.AsArray().Single()!.Str("fileName"));
        Assert.Equal(2, (await engineer.GetAsync($"/v1/servicerequests/{id}/events")).Items().Count(e => e!.Str("kind") == "message"));
        // Notes are the public conversation, for staff too.
        Assert.Single((await engineer.GetAsync($"/v1/servicerequests/{id}")).Json!["notes"]!.AsArray());
    }

    [SkippableFact]
    public async Task The_answer_endpoint_is_a_public_staff_message_and_the_first_public_staff_message_sets_the_first_response()
    {
        var s = await Scenario.StartAsync(_app);
        var (engineer, _) = await s.EngineerAsync(_app, "Sam Engineer");
        var p = await s.PartnerWithContractAsync("Adatum");
        var id = await p.OpenIdAsync();
        var openedAt = _app.Time.GetUtcNow();

        _app.Time.Advance(TimeSpan.FromMinutes(10));
        (await engineer.MessageAsync(id, "We are on it.")).AssertStatus(HttpStatusCode.Created);
        _app.Time.Advance(TimeSpan.FromMinutes(10));
        var answered = (await s.Operator.PostAsync($"/v1/servicerequests/{id}/responses", new { message = "Please send the log." })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(openedAt.AddMinutes(10), DateTimeOffset.Parse(answered.Str("firstResponseAt"), System.Globalization.CultureInfo.InvariantCulture));

        var messages = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}/messages")).Items();
        Assert.Equal(["We are on it.", "Please send the log."], messages.Select(m => m!.Str("text")));
        Assert.All(messages, m => Assert.Equal("staff", m!["author"]!.Str("side")));
        var responses = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}/responses")).Items();
        Assert.Equal(["We are on it.", "Please send the log."], responses.Select(m => m!.Str("message")));
        Assert.Equal(TestApp.OperatorEmail, responses[1]!.Str("author"));

        foreach (var (text, visibility) in new[] { ("", "public"), (new string('x', 20_001), "public"), ("Fine", "secret") })
            (await engineer.MessageAsync(id, text, visibility)).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(2, (await engineer.GetAsync($"/v1/servicerequests/{id}/messages")).Items().Count);
    }
}
