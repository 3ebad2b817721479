using System.Net;
using PartnerSupport.Tests.Casework;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Notifications;

/// <summary>
/// API.md's table of who is mailed, row by row, read back from a real SMTP server: each event
/// gives exactly one message, to exactly the people the table names, in their language, with the
/// link to where they act.
/// </summary>
public sealed class EmailRecipientTests : EmailTest
{
    private const string Portal = "https://support.example.com";

    [SkippableFact]
    public async Task Each_event_of_a_request_mails_exactly_the_people_the_table_names_in_their_language()
    {
        var s = await Scenario.StartAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");

        // Activation completed: the account that asked for it (the admin), in English by default.
        var activated = await OneMailAsync();
        Assert.Equal(p.AdminEmail, activated.To);
        Assert.StartsWith("Benefit activated: ", activated.Subject);
        Assert.Contains($"{Portal}/benefits", activated.Text);

        (await p.Engineer.PatchAsync("/v1/me", new { language = "pt-BR" })).AssertStatus(HttpStatusCode.OK);
        var (staff, staffId) = await s.EngineerAsync(_app, "Eva Engineer");
        var staffEmail = (await staff.PatchAsync("/v1/me", new { language = "es-ES" })).AssertStatus(HttpStatusCode.OK).Str("email");

        // Created: its creator.
        var id = await p.OpenIdAsync(title: "Cluster lost quorum");
        var created = await OneMailAsync();
        Assert.Equal(p.EngineerEmail, created.To);
        Assert.Equal("Solicitação recebida: Cluster lost quorum", created.Subject);
        Assert.Contains($"{Portal}/requests/{id}", created.Text);
        Assert.Contains($"href=\"{Portal}/requests/{id}\"", created.Html);

        // A partner's message while nobody is assigned: the staff inbox; the content is encoded in HTML.
        (await p.Engineer.MessageAsync(id, "Here is <b>the</b> log.")).AssertStatus(HttpStatusCode.Created);
        var toInbox = await OneMailAsync();
        Assert.Equal("inbox@support.example", toInbox.To);
        Assert.Equal("Partner message on request: Cluster lost quorum", toInbox.Subject);
        Assert.Contains("Here is <b>the</b> log.", toInbox.Text);
        Assert.Contains("Here is &lt;b&gt;the&lt;/b&gt; log.", toInbox.Html);
        Assert.DoesNotContain("<b>the</b>", toInbox.Html);

        // Assigning is no row of the table: nobody is mailed.
        (await staff.PostAsync($"/v1/servicerequests/{id}/assign", new { assigneeId = staffId })).AssertStatus(HttpStatusCode.OK);
        Assert.Empty(await NewMailAsync());

        // A partner's message once assigned: the assignee, in Spanish.
        (await p.Engineer.MessageAsync(id, "Still failing after the restart.")).AssertStatus(HttpStatusCode.Created);
        var toAssignee = await OneMailAsync();
        Assert.Equal(staffEmail, toAssignee.To);
        Assert.Equal("Mensaje del partner en la solicitud: Cluster lost quorum", toAssignee.Subject);
        Assert.Contains("Still failing after the restart.", toAssignee.Text);

        // An internal note tells nobody.
        (await staff.MessageAsync(id, "Probably the storage driver.", "internal")).AssertStatus(HttpStatusCode.Created);
        Assert.Empty(await NewMailAsync());

        // A public staff message: the creator, with the answer.
        (await staff.MessageAsync(id, "Please update the storage driver.")).AssertStatus(HttpStatusCode.Created);
        var answer = await OneMailAsync();
        Assert.Equal(p.EngineerEmail, answer.To);
        Assert.Equal("Nova resposta na sua solicitação: Cluster lost quorum", answer.Subject);
        Assert.Contains("Eva Engineer respondeu", answer.Text);
        Assert.Contains("Please update the storage driver.", answer.Text);
        Assert.DoesNotContain("Probably the storage driver.", answer.Text);

        // Waiting on the partner: the creator.
        (await staff.PatchAsync($"/v1/servicerequests/{id}", new { status = "attention_needed" })).AssertStatus(HttpStatusCode.OK);
        var waiting = await OneMailAsync();
        Assert.Equal(p.EngineerEmail, waiting.To);
        Assert.Equal("Aguardando você: Cluster lost quorum", waiting.Subject);

        // A partner's file without a message: the assignee.
        (await p.Engineer.UploadAsync(id, "quorum log"u8.ToArray(), "cluster.log", contentType: "text/plain")).AssertStatus(HttpStatusCode.Created);
        var file = await OneMailAsync();
        Assert.Equal(staffEmail, file.To);
        Assert.Equal("Nuevo archivo en la solicitud: Cluster lost quorum", file.Subject);
        Assert.Contains("cluster.log", file.Text);

        // Closed and reopened: the creator, each once.
        (await p.Engineer.PatchAsync($"/v1/servicerequests/{id}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
        var closed = await OneMailAsync();
        Assert.Equal(p.EngineerEmail, closed.To);
        Assert.Equal("Solicitação fechada: Cluster lost quorum", closed.Subject);
        (await p.Engineer.PatchAsync($"/v1/servicerequests/{id}", new { status = "open" })).AssertStatus(HttpStatusCode.OK);
        var reopened = await OneMailAsync();
        Assert.Equal(p.EngineerEmail, reopened.To);
        Assert.Equal("Solicitação reaberta: Cluster lost quorum", reopened.Subject);

        // Every message is plain text and HTML, from the configured sender.
        foreach (var mail in new[] { activated, created, toInbox, toAssignee, answer, waiting, file, closed, reopened })
        {
            Assert.NotEmpty(mail.Text);
            Assert.NotEmpty(mail.Html);
            Assert.Equal("support@partnersupport.example", mail.Message.From.Mailboxes.Single().Address);
        }
    }

    [SkippableFact]
    public async Task A_rejected_activation_mails_the_account_that_asked_for_it_with_the_reason()
    {
        await RestartAsync(new Dictionary<string, string?> { ["Activation:ProcessingDelay"] = "1.00:00:00" });
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Fourth Coffee");
        var admin = await s.UserAsync(org, "admin@fourthcoffee.example", "globalAdmin");
        await s.UserAsync(org, "other.admin@fourthcoffee.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Data Analytics");
        var (_, activationId) = await Scenario.RequestActivationAsync(admin);
        (await admin.PatchAsync("/v1/me", new { language = "es-ES" })).AssertStatus(HttpStatusCode.OK);

        (await s.Operator.PostAsync($"/v1/activations/{activationId}/reject", new { reason = "La membresía no está verificada." }))
            .AssertStatus(HttpStatusCode.OK);

        var rejected = await OneMailAsync();
        Assert.Equal("admin@fourthcoffee.example", rejected.To);
        Assert.StartsWith("Activación rechazada: ", rejected.Subject);
        Assert.Contains("La membresía no está verificada.", rejected.Text);
    }
}
