using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>What a load balancer asks each node: is the process up, and can it serve.</summary>
public sealed class HealthTests : AppTest
{
    [SkippableFact]
    public async Task Live_and_ready_answer_200_on_a_migrated_database()
    {
        var client = _app.Anonymous();
        (await client.GetAsync("/healthz")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("live", (await client.GetAsync("/healthz/live")).AssertStatus(HttpStatusCode.OK).Str("status"));
        Assert.Equal("ready", (await client.GetAsync("/healthz/ready")).AssertStatus(HttpStatusCode.OK).Str("status"));
    }

    [SkippableFact]
    public async Task A_node_whose_database_lacks_a_migration_is_live_but_not_ready()
    {
        var client = _app.Anonymous();
        (await client.GetAsync("/healthz/ready")).AssertStatus(HttpStatusCode.OK);
        var latest = await _app.WithDbAsync(db => Task.FromResult(db.Database.GetMigrations().Last()));
        await _app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {latest}"));

        var ready = (await client.GetAsync("/healthz/ready")).AssertStatus(HttpStatusCode.ServiceUnavailable);
        Assert.Contains(latest, ready.Str("reason"), StringComparison.Ordinal);
        (await client.GetAsync("/healthz/live")).AssertStatus(HttpStatusCode.OK);
    }
}
