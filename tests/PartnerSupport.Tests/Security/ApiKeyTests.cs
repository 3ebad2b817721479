using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// An organization's systems act through API keys: shown once, stored hashed, acting with their
/// roles in their organization only, named in the audit trail, refused on every node once revoked.
/// </summary>
public sealed class ApiKeyTests : AppTest
{
    [SkippableFact]
    public async Task A_key_acts_in_its_organization_with_its_roles_is_named_in_the_audit_trail_and_never_reads_another_organization()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Contoso", "mpn");
        var other = await s.OrganizationAsync("Fabrikam", "mpn");
        await s.MembershipAsync(org, "gold", "Cloud Platform");
        var admin = await s.UserAsync(org, "admin@contoso.example", "globalAdmin");
        await s.UserAsync(other, "admin@fabrikam.example", "globalAdmin");

        var created = (await admin.PostAsync($"/v1/organizations/{org}/apikeys", new { name = "Ticketing", roles = new[] { "mpnPartnerAdmin" } })).AssertStatus(HttpStatusCode.Created);
        var key = created.Str("key");
        var prefix = created.Str("prefix");
        Assert.StartsWith(prefix + "_", key, StringComparison.Ordinal);
        Assert.True(key.Length > 40, key);
        var stored = await _app.WithDbAsync(db => db.ApiKeys.SingleAsync());
        Assert.NotEqual(key, stored.Hash);
        Assert.DoesNotContain(key, stored.Hash, StringComparison.Ordinal);
        var listed = (await admin.GetAsync($"/v1/organizations/{org}/apikeys")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(prefix, listed.Items().Single()!.Str("prefix"));
        Assert.DoesNotContain(key, listed.Text, StringComparison.Ordinal);
        Assert.Null(listed.Items().Single()!["lastUsedAt"]);

        var system = _app.WithToken(key);
        (await system.GetAsync($"/v1/organizations/{org}")).AssertStatus(HttpStatusCode.OK);
        var benefits = (await system.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK);
        Assert.NotEmpty(benefits.Items());
        var refused = (await system.GetAsync($"/v1/organizations/{other}")).AssertProblem(HttpStatusCode.NotFound, "organization-not-found");
        Assert.DoesNotContain("Fabrikam", refused.Text, StringComparison.Ordinal);
        (await system.GetAsync($"/v1/organizations/{other}/users")).AssertProblem(HttpStatusCode.NotFound, "organization-not-found");
        // A key never runs the organization's accounts or keys, whatever its roles.
        var adminKey = (await admin.PostAsync($"/v1/organizations/{org}/apikeys", new { name = "Too strong", roles = new[] { "globalAdmin" } })).AssertStatus(HttpStatusCode.Created).Str("key");
        (await _app.WithToken(adminKey).PostAsync($"/v1/organizations/{org}/apikeys", new { name = "Minted", roles = new[] { "globalAdmin" } }))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await _app.WithToken(adminKey).GetAsync($"/v1/organizations/{org}/users")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        // Nor is a key's account one of the people.
        Assert.DoesNotContain("Ticketing", (await admin.GetAsync($"/v1/organizations/{org}/users")).Text, StringComparison.Ordinal);

        (await system.PostAsync("/v1/supportplans/premier/purchase")).AssertStatus(HttpStatusCode.Created);
        var actors = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("plan")).Select(e => e.Actor).ToListAsync());
        Assert.Equal([$"API key Ticketing ({prefix})"], actors);
        Assert.NotNull((await admin.GetAsync($"/v1/organizations/{org}/apikeys")).Items().Single(k => k!.Str("prefix") == prefix)!["lastUsedAt"]);

        (await _app.WithToken(key[..^2] + "xx").GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await _app.Anonymous().PostAsync("/v1/token", new { email = $"apikey-{created.Id}", password = key })).AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [SkippableFact]
    public async Task A_revoked_key_is_refused_at_once_on_every_node_and_an_expired_one_too()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Northwind");
        var admin = await s.UserAsync(org, "admin@northwind.example", "globalAdmin");
        var created = (await s.Operator.PostAsync($"/v1/organizations/{org}/apikeys", new { name = "Sync", roles = new[] { "adminAgent" } })).AssertStatus(HttpStatusCode.Created);
        await using var second = new TestApp(_db, _app.Time);
        var onSecond = second.WithToken(created.Str("key"));
        (await onSecond.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        (await _app.WithToken(created.Str("key")).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);

        (await admin.DeleteAsync($"/v1/organizations/{org}/apikeys/{created.Id}")).AssertStatus(HttpStatusCode.NoContent);
        (await onSecond.GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await _app.WithToken(created.Str("key")).GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await admin.DeleteAsync($"/v1/organizations/{org}/apikeys/{created.Id}")).AssertProblem(HttpStatusCode.NotFound, "api-key-not-found");
        Assert.Empty((await admin.GetAsync($"/v1/organizations/{org}/apikeys")).Items());
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "apikey.revoke" && e.Actor == "admin@northwind.example")));

        var expiring = (await admin.PostAsync($"/v1/organizations/{org}/apikeys",
            new { name = "Short", roles = new[] { "adminAgent" }, expiresAt = _app.Time.GetUtcNow().AddDays(1) })).AssertStatus(HttpStatusCode.Created).Str("key");
        (await onSecond.GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await second.WithToken(expiring).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        _app.Time.Advance(TimeSpan.FromDays(1));
        (await second.WithToken(expiring).GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
