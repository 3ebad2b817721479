using System.Net;
using PartnerSupport.Tests.Casework;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Notifications;

/// <summary>Who chose not to be mailed is not, and nobody reads another organization's business in a message.</summary>
public sealed class EmailPrivacyTests : EmailTest
{
    [SkippableFact]
    public async Task Opting_out_stops_notification_mail_to_that_person_only_and_opting_in_again_restores_it()
    {
        var s = await Scenario.StartAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        var (staff, _) = await s.EngineerAsync(_app);
        await NewMailAsync();

        var off = (await p.Engineer.PatchAsync("/v1/me", new { notifications = new { email = false } })).AssertStatus(HttpStatusCode.OK);
        Assert.False(off.Json!["notifications"]!["email"]!.GetValue<bool>());
        Assert.False((await p.Engineer.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK).Json!["notifications"]!["email"]!.GetValue<bool>());

        var id = await p.OpenIdAsync();
        (await staff.MessageAsync(id, "Which version?")).AssertStatus(HttpStatusCode.Created);
        (await p.Engineer.MessageAsync(id, "The latest.")).AssertStatus(HttpStatusCode.Created);
        // The partner is not mailed; the staff inbox still is.
        var mail = Assert.Single(await NewMailAsync());
        Assert.Equal("inbox@support.example", mail.To);

        (await p.Engineer.PatchAsync("/v1/me", new { notifications = new { email = true } })).AssertStatus(HttpStatusCode.OK);
        (await staff.MessageAsync(id, "Thanks, checking.")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(p.EngineerEmail, (await OneMailAsync()).To);
    }

    [SkippableFact]
    public async Task A_wrong_profile_change_is_refused_and_changes_nothing()
    {
        var s = await Scenario.StartAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        (await p.Engineer.PatchAsync("/v1/me", new { language = "pt-BR", displayName = "Rita Engineer" })).AssertStatus(HttpStatusCode.OK);

        (await p.Engineer.PatchAsync("/v1/me", new { language = "fr-FR", displayName = "Someone Else" }))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await p.Engineer.PatchAsync("/v1/me", new { displayName = "   " })).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await p.Engineer.PatchAsync("/v1/me", new { notifications = new { } })).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");

        var me = (await p.Engineer.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("pt-BR", me.Str("language"));
        Assert.Equal("Rita Engineer", me.Str("displayName"));
        Assert.True(me.Json!["notifications"]!["email"]!.GetValue<bool>());
    }

    [SkippableFact]
    public async Task A_message_tells_its_reader_only_of_their_own_organization()
    {
        var s = await Scenario.StartAsync(_app);
        var a = await s.PartnerWithContractAsync("Adatum");
        var b = await s.PartnerWithContractAsync("Bellows");
        var (staff, _) = await s.EngineerAsync(_app);
        var idA = await a.OpenIdAsync(title: "Adatum cluster down");
        var idB = await b.OpenIdAsync(title: "Bellows mailbox full");
        (await staff.MessageAsync(idA, "Adatum: restart node 2.")).AssertStatus(HttpStatusCode.Created);
        (await staff.MessageAsync(idB, "Bellows: grow the quota.")).AssertStatus(HttpStatusCode.Created);

        var mail = await NewMailAsync();
        foreach (var (mine, other, otherId) in new[] { (a, b, idB), (b, a, idA) })
        {
            var theirs = mail.Where(m => m.To == mine.EngineerEmail || m.To == mine.AdminEmail).ToList();
            Assert.Equal(3, theirs.Count); // the activation, the creation, the answer
            Assert.All(theirs, m =>
            {
                foreach (var part in new[] { m.Subject, m.Text, m.Html })
                {
                    Assert.DoesNotContain(other.Name, part, StringComparison.Ordinal);
                    Assert.DoesNotContain(otherId, part, StringComparison.Ordinal);
                }
            });
        }
    }
}
