using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Notifications;

/// <summary>
/// Invitations end to end: the link is read from the mail a real SMTP server received, works once,
/// and stops working when revoked or expired, with one answer for every unusable token.
/// </summary>
public sealed partial class InvitationTests : EmailTest
{
    private const string NewPassword = "Invited-Passw0rd-1";

    [GeneratedRegex(@"https://support\.example\.com/account/invitation\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex InvitationLink();

    private async Task<string> TokenFromMailAsync(string to)
    {
        var mail = Assert.Single(await NewMailAsync(), m => m.To == to);
        var match = InvitationLink().Match(mail.Text);
        Assert.True(match.Success, mail.Text);
        Assert.Contains(match.Value, mail.Html, StringComparison.Ordinal);
        return match.Groups[1].Value;
    }

    [SkippableFact]
    public async Task An_invitation_is_accepted_once_and_never_twice_and_the_account_signs_in_with_the_roles_given()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum");

        var invited = (await s.Operator.PostAsync($"/v1/organizations/{org}/invitations",
            new { email = "first.admin@adatum.example", roles = new[] { "globalAdmin", "adminAgent" }, displayName = "First Admin" }))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal("pending", invited.Str("status"));
        Assert.Equal("first.admin@adatum.example", invited.Str("email"));
        Assert.Equal(["globalAdmin", "adminAgent"], invited.Json!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(_app.Time.GetUtcNow().AddDays(7), invited.Json!["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.DoesNotContain("token", invited.Text, StringComparison.OrdinalIgnoreCase);
        var token = await TokenFromMailAsync("first.admin@adatum.example");

        var anonymous = _app.Anonymous();
        var accepted = (await anonymous.PostAsync("/v1/invitations/accept", new { token, password = NewPassword, displayName = "Avery Admin" }))
            .AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Avery Admin", accepted.Str("displayName"));
        Assert.Equal(org, accepted.Str("organizationId"));
        (await anonymous.PostAsync("/v1/invitations/accept", new { token, password = NewPassword, displayName = "Again" }))
            .AssertProblem(HttpStatusCode.BadRequest, "invitation-invalid");

        var admin = await _app.SignInAsync("first.admin@adatum.example", NewPassword);
        var me = (await admin.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(["globalAdmin", "adminAgent"], me.Json!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        // Holding globalAdmin, the new account runs the organization's invitations itself.
        var list = (await admin.GetAsync($"/v1/organizations/{org}/invitations")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal("accepted", Assert.Single(list)!.Str("status"));

        // The token is nowhere in the database: the invitation keeps a hash, the sent mail was blanked, the audit never had it.
        var stored = await _app.WithDbAsync(async db => new
        {
            Invitation = await db.Invitations.SingleAsync(),
            Mail = await db.EmailMessages.SingleAsync(m => m.EventType == "account.invitation"),
            Audit = await db.AuditEntries.Where(e => e.Action.StartsWith("invitation.")).ToListAsync(),
        });
        Assert.NotEqual(token, stored.Invitation.TokenHash);
        Assert.Equal(64, stored.Invitation.TokenHash.Length);
        Assert.Equal("", stored.Mail.TextBody);
        Assert.Equal("", stored.Mail.HtmlBody);
        Assert.Equal(["invitation.accept", "invitation.create"], stored.Audit.Select(e => e.Action).Order());
        Assert.All(stored.Audit, e => Assert.DoesNotContain(token, e.Target + e.Details, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_revoked_an_expired_a_used_and_an_unknown_token_get_the_same_answer()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum");
        var revokedId = (await s.Operator.PostAsync($"/v1/organizations/{org}/invitations", new { email = "revoked@adatum.example", roles = new[] { "adminAgent" } }))
            .AssertStatus(HttpStatusCode.Created).Id;
        var revokedToken = await TokenFromMailAsync("revoked@adatum.example");
        (await s.Operator.PostAsync($"/v1/organizations/{org}/invitations", new { email = "late@adatum.example", roles = Array.Empty<string>() }))
            .AssertStatus(HttpStatusCode.Created);
        var lateToken = await TokenFromMailAsync("late@adatum.example");
        (await s.Operator.PostAsync($"/v1/organizations/{org}/invitations", new { email = "used@adatum.example", roles = Array.Empty<string>() }))
            .AssertStatus(HttpStatusCode.Created);
        var usedToken = await TokenFromMailAsync("used@adatum.example");
        var anonymous = _app.Anonymous();
        (await anonymous.PostAsync("/v1/invitations/accept", new { token = usedToken, password = NewPassword, displayName = "Used" })).AssertStatus(HttpStatusCode.OK);

        var revoke = await s.Operator.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/organizations/{org}/invitations/{revokedId}"));
        revoke.AssertStatus(HttpStatusCode.NoContent);
        (await s.Operator.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/organizations/{org}/invitations/{revokedId}")))
            .AssertProblem(HttpStatusCode.Conflict, "invitation-not-pending");
        _app.Time.Advance(TimeSpan.FromDays(7));
        // The operator's token of a week ago has expired with the invitation.
        var op = await _app.OperatorAsync();

        var statuses = (await op.GetAsync($"/v1/organizations/{org}/invitations")).Items().ToDictionary(i => i!.Str("email"), i => i!.Str("status"));
        Assert.Equal("revoked", statuses["revoked@adatum.example"]);
        Assert.Equal("expired", statuses["late@adatum.example"]);
        Assert.Equal("accepted", statuses["used@adatum.example"]);

        var answers = new List<ApiResponse>();
        foreach (var token in new[] { revokedToken, lateToken, usedToken, "no-such-token-" + new string('x', 30) })
            answers.Add((await anonymous.PostAsync("/v1/invitations/accept", new { token, password = NewPassword, displayName = "Someone" }))
                .AssertProblem(HttpStatusCode.BadRequest, "invitation-invalid"));
        // The same answer but for the trace id, which names the request.
        Assert.Single(answers.Select(a => a.Str("code") + " " + a.Str("title") + " " + a.Detail()).Distinct());
        Assert.Equal(1, await _app.WithDbAsync(db => db.Users.CountAsync(u => u.OrganizationId == Guid.Parse(org))));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "invitation.revoke")));
    }

    [SkippableFact]
    public async Task A_global_admin_invites_into_their_own_organization_only_and_sees_no_other_organizations_invitations()
    {
        var s = await Scenario.StartAsync(_app);
        var orgA = await s.OrganizationAsync("Adatum");
        var orgB = await s.OrganizationAsync("Bellows");
        var adminA = await s.UserAsync(orgA, "admin@adatum.example", "globalAdmin");
        var agentA = await s.UserAsync(orgA, "agent@adatum.example", "adminAgent");
        var invitationB = (await s.Operator.PostAsync($"/v1/organizations/{orgB}/invitations", new { email = "new@bellows.example", roles = new[] { "globalAdmin" } }))
            .AssertStatus(HttpStatusCode.Created).Id;
        await NewMailAsync();

        (await adminA.PostAsync($"/v1/organizations/{orgB}/invitations", new { email = "intruder@adatum.example", roles = new[] { "globalAdmin" } }))
            .AssertProblem(HttpStatusCode.NotFound, "organization-not-found");
        var listB = (await adminA.GetAsync($"/v1/organizations/{orgB}/invitations")).AssertProblem(HttpStatusCode.NotFound, "organization-not-found");
        Assert.DoesNotContain("bellows", listB.Text, StringComparison.OrdinalIgnoreCase);
        (await adminA.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/organizations/{orgB}/invitations/{invitationB}")))
            .AssertProblem(HttpStatusCode.NotFound, "organization-not-found");
        // B's invitation through A's address is not found either.
        (await adminA.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/organizations/{orgA}/invitations/{invitationB}")))
            .AssertProblem(HttpStatusCode.NotFound, "invitation-not-found");
        (await agentA.PostAsync($"/v1/organizations/{orgA}/invitations", new { email = "x@adatum.example", roles = Array.Empty<string>() }))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");

        // The mail is in the inviter's language.
        (await adminA.PatchAsync("/v1/me", new { language = "pt-BR" })).AssertStatus(HttpStatusCode.OK);
        (await adminA.PostAsync($"/v1/organizations/{orgA}/invitations", new { email = "colleague@adatum.example", roles = new[] { "adminAgent" } }))
            .AssertStatus(HttpStatusCode.Created);
        var mail = Assert.Single(await NewMailAsync());
        Assert.Equal("colleague@adatum.example", mail.To);
        Assert.Equal("Você foi convidado para Adatum no Partner Support", mail.Subject);
        Assert.Single((await adminA.GetAsync($"/v1/organizations/{orgA}/invitations")).AssertStatus(HttpStatusCode.OK).Items());
        Assert.Single((await s.Operator.GetAsync($"/v1/organizations/{orgB}/invitations")).AssertStatus(HttpStatusCode.OK).Items());
    }

    [SkippableFact]
    public async Task Of_concurrent_acceptances_of_one_token_exactly_one_succeeds()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum");
        (await s.Operator.PostAsync($"/v1/organizations/{org}/invitations", new { email = "racer@adatum.example", roles = new[] { "adminAgent" } }))
            .AssertStatus(HttpStatusCode.Created);
        var token = await TokenFromMailAsync("racer@adatum.example");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _app.Anonymous().PostAsync("/v1/invitations/accept", new { token, password = NewPassword, displayName = $"Racer {i}" })));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => a.AssertProblem(HttpStatusCode.BadRequest, "invitation-invalid"));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "racer@adatum.example")));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "invitation.accept")));
    }

    [SkippableFact]
    public async Task An_e_mail_with_an_account_is_refused_and_inviting_again_replaces_the_earlier_link()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum");
        await s.AccountAsync(org, "taken@adatum.example", "Taken");
        (await s.Operator.PostAsync($"/v1/organizations/{org}/invitations", new { email = "TAKEN@adatum.example", roles = Array.Empty<string>() }))
            .AssertProblem(HttpStatusCode.Conflict, "email-taken");

        (await s.Operator.PostAsync($"/v1/organizations/{org}/invitations", new { email = "lost@adatum.example", roles = Array.Empty<string>() }))
            .AssertStatus(HttpStatusCode.Created);
        var first = await TokenFromMailAsync("lost@adatum.example");
        (await s.Operator.PostAsync($"/v1/organizations/{org}/invitations", new { email = "lost@adatum.example", roles = Array.Empty<string>() }))
            .AssertStatus(HttpStatusCode.Created);
        var second = await TokenFromMailAsync("lost@adatum.example");

        var anonymous = _app.Anonymous();
        // A password the rules refuse: nothing happens, the invitation stays usable.
        (await anonymous.PostAsync("/v1/invitations/accept", new { token = second, password = "short", displayName = "Lost" }))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await anonymous.PostAsync("/v1/invitations/accept", new { token = first, password = NewPassword, displayName = "Lost" }))
            .AssertProblem(HttpStatusCode.BadRequest, "invitation-invalid");
        (await anonymous.PostAsync("/v1/invitations/accept", new { token = second, password = NewPassword, displayName = "Lost" }))
            .AssertStatus(HttpStatusCode.OK);
        var statuses = (await s.Operator.GetAsync($"/v1/organizations/{org}/invitations")).Items().Select(i => i!.Str("status")).Order();
        Assert.Equal(["accepted", "revoked"], statuses);
    }

    [SkippableFact]
    public async Task An_operator_invites_staff_and_the_account_exists_once_accepted()
    {
        var s = await Scenario.StartAsync(_app);
        var invited = (await s.Operator.PostAsync("/v1/staff/invitations", new { email = "sam@support.example", displayName = "Sam", roles = new[] { "supportEngineer" } }))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal("pending", invited.Str("status"));
        Assert.Null(invited.Json!["organizationId"]);
        Assert.DoesNotContain((await s.Operator.GetAsync("/v1/staff")).Items(), u => u!.Str("email") == "sam@support.example");
        var mail = Assert.Single(await NewMailAsync());
        Assert.Equal("You are invited to the Partner Support staff", mail.Subject);
        var token = InvitationLink().Match(mail.Text).Groups[1].Value;

        // The display name the operator gave stands when the invitee leaves it out.
        var user = (await _app.Anonymous().PostAsync("/v1/invitations/accept", new { token, password = NewPassword })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("Sam", user.Str("displayName"));
        var sam = await _app.SignInAsync("sam@support.example", NewPassword);
        var me = (await sam.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(["supportEngineer"], me.Json!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(me.Json!["organizationId"]);
        Assert.Contains((await s.Operator.GetAsync("/v1/staff")).Items(), u => u!.Str("email") == "sam@support.example");
        (await s.Operator.PostAsync("/v1/staff/invitations", new { email = "sam@support.example", displayName = "Sam", roles = new[] { "supportEngineer" } }))
            .AssertProblem(HttpStatusCode.Conflict, "email-taken");
    }
}
