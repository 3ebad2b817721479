using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// An organization's global admin runs its accounts: lists them, changes roles, disables one who
/// left (refused on every node), never loses the last global admin; people change their password.
/// </summary>
public sealed class OrganizationAccountsTests : AppTest
{
    [SkippableFact]
    public async Task The_last_global_admin_can_be_neither_demoted_nor_disabled_until_another_takes_over()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum");
        var admin = await s.UserAsync(org, "avery@adatum.example", "globalAdmin");
        await s.UserAsync(org, "blake@adatum.example", "adminAgent");
        var users = (await admin.GetAsync($"/v1/organizations/{org}/users")).AssertStatus(HttpStatusCode.OK).Items();
        var averyId = users.Single(u => u!.Str("email") == "avery@adatum.example")!.Str("id");
        var blakeId = users.Single(u => u!.Str("email") == "blake@adatum.example")!.Str("id");

        (await admin.PatchAsync($"/v1/organizations/{org}/users/{averyId}", new { roles = new[] { "adminAgent" } })).AssertProblem(HttpStatusCode.Conflict, "last-global-admin");
        (await admin.PatchAsync($"/v1/organizations/{org}/users/{averyId}", new { disabled = true })).AssertProblem(HttpStatusCode.Conflict, "last-global-admin");
        (await s.Operator.PatchAsync($"/v1/organizations/{org}/users/{averyId}", new { roles = Array.Empty<string>() })).AssertProblem(HttpStatusCode.Conflict, "last-global-admin");
        Assert.Equal(["globalAdmin"], (await admin.GetAsync("/v1/me")).Json!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        var promoted = (await admin.PatchAsync($"/v1/organizations/{org}/users/{blakeId}", new { roles = new[] { "globalAdmin", "adminAgent" } })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(["globalAdmin", "adminAgent"], promoted.Json!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        (await admin.PatchAsync($"/v1/organizations/{org}/users/{averyId}", new { roles = new[] { "adminAgent" } })).AssertStatus(HttpStatusCode.OK);
        // Avery is no global admin any more: the list is no longer hers to read.
        (await admin.GetAsync($"/v1/organizations/{org}/users")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        Assert.Equal(2, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "user.update")));
    }

    [SkippableFact]
    public async Task Two_global_admins_demoting_each_other_at_the_same_moment_leave_one_of_them()
    {
        var s = await Scenario.StartAsync(_app);
        for (var round = 0; round < 5; round++)
        {
            var org = await s.OrganizationAsync($"Race {round}");
            var first = await s.UserAsync(org, $"first{round}@race.example", "globalAdmin");
            var second = await s.UserAsync(org, $"second{round}@race.example", "globalAdmin");
            var ids = (await first.GetAsync($"/v1/organizations/{org}/users")).Items().ToDictionary(u => u!.Str("email"), u => u!.Str("id"));

            var answers = await Task.WhenAll(
                first.PatchAsync($"/v1/organizations/{org}/users/{ids[$"second{round}@race.example"]}", new { roles = Array.Empty<string>() }),
                second.PatchAsync($"/v1/organizations/{org}/users/{ids[$"first{round}@race.example"]}", new { disabled = true }));

            // One change wins. The other is refused either as the last admin's removal (409, when it
            // ran while both were still admins) or because its caller had just lost the role (403).
            var statuses = answers.Select(a => a.Status).Order().ToList();
            Assert.Equal(HttpStatusCode.OK, statuses[0]);
            Assert.Contains(statuses[1], new[] { HttpStatusCode.Forbidden, HttpStatusCode.Conflict });
            var admins = await _app.WithDbAsync(db => db.Users.Where(u => u.OrganizationId == Guid.Parse(org)).ToListAsync());
            Assert.Single(admins, u => u.IsActiveGlobalAdmin);
        }
    }

    [SkippableFact]
    public async Task A_disabled_account_is_refused_at_once_here_and_within_the_cache_duration_on_another_node_and_cannot_sign_in()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Contoso");
        var admin = await s.UserAsync(org, "admin@contoso.example", "globalAdmin");
        var leaver = await s.UserAsync(org, "leaver@contoso.example", "adminAgent");
        await using var second = new TestApp(_db, _app.Time);
        var leaverOnSecond = await second.SignInAsync("leaver@contoso.example");
        // The second node has read (and cached) the account.
        (await leaverOnSecond.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);

        var listed = (await admin.GetAsync($"/v1/organizations/{org}/users")).Items().Single(u => u!.Str("email") == "leaver@contoso.example")!;
        Assert.False(listed["disabled"]!.GetValue<bool>());
        Assert.NotNull(listed["lastSignInAt"]);
        var disabled = (await admin.PatchAsync($"/v1/organizations/{org}/users/{listed.Str("id")}", new { disabled = true })).AssertStatus(HttpStatusCode.OK);
        Assert.True(disabled.Json!["disabled"]!.GetValue<bool>());

        (await leaver.GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        await Eventually.UntilAsync(async () => (await leaverOnSecond.GetAsync("/v1/me")).Status == HttpStatusCode.Unauthorized,
            "the second node refuses the disabled account", seconds: 10);
        (await second.Anonymous().PostAsync("/v1/token", new { email = "leaver@contoso.example", password = TestApp.Password }))
            .AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        (await _app.Anonymous().PostAsync("/v1/token", new { email = "leaver@contoso.example", password = TestApp.Password }))
            .AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "user.disable" && e.Actor == "admin@contoso.example")));

        // Enabled again, the account signs in with its password.
        (await admin.PatchAsync($"/v1/organizations/{org}/users/{listed.Str("id")}", new { disabled = false })).AssertStatus(HttpStatusCode.OK);
        (await second.SignInAsync("leaver@contoso.example").ContinueWith(t => t.Result.GetAsync("/v1/me")).Unwrap()).AssertStatus(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Another_organizations_admin_and_colleagues_without_the_role_cannot_read_or_change_the_accounts()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Fabrikam");
        var other = await s.OrganizationAsync("Litware");
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var partnerAdmin = await s.UserAsync(org, "pa@fabrikam.example", "mpnPartnerAdmin");
        var outsider = await s.UserAsync(other, "admin@litware.example", "globalAdmin");
        var adminId = (await admin.GetAsync("/v1/me")).Id;

        var refused = (await outsider.GetAsync($"/v1/organizations/{org}/users")).AssertProblem(HttpStatusCode.NotFound, "organization-not-found");
        Assert.DoesNotContain("fabrikam", refused.Text, StringComparison.OrdinalIgnoreCase);
        (await outsider.PatchAsync($"/v1/organizations/{org}/users/{adminId}", new { disabled = true })).AssertProblem(HttpStatusCode.NotFound, "organization-not-found");
        // The outsider's own organization does not hold the account either.
        (await outsider.PatchAsync($"/v1/organizations/{other}/users/{adminId}", new { disabled = true })).AssertProblem(HttpStatusCode.NotFound, "user-not-found");
        (await partnerAdmin.PatchAsync($"/v1/organizations/{org}/users/{adminId}", new { disabled = true })).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await admin.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_every_session()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Northwind");
        var user = await s.UserAsync(org, "sam@northwind.example", "adminAgent");
        var elsewhere = await _app.SignInAsync("sam@northwind.example");

        (await user.PostAsync("/v1/account/password", new { currentPassword = "Wrong-Passw0rd-1", newPassword = "New-Passw0rd-2026" }))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await user.PostAsync("/v1/account/password", new { currentPassword = TestApp.Password, newPassword = "short" }))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await elsewhere.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);

        (await user.PostAsync("/v1/account/password", new { currentPassword = TestApp.Password, newPassword = "New-Passw0rd-2026" })).AssertStatus(HttpStatusCode.NoContent);
        (await elsewhere.GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await _app.Anonymous().PostAsync("/v1/token", new { email = "sam@northwind.example", password = TestApp.Password }))
            .AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        (await (await _app.SignInAsync("sam@northwind.example", "New-Passw0rd-2026")).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
    }
}
