using System.CommandLine;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Cli;
using PartnerSupport.Storage;
using PartnerSupport.Tests.Foundation.LegacySchema;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Foundation;

/// <summary>
/// A database made by the SQL scripts of the releases before EF Core migrations, with data in it,
/// is taken over as it is: the application records the baseline migration as applied, changes
/// nothing else, and serves the data.
/// </summary>
public sealed class LegacySchemaTests : IAsyncLifetime
{
    // Each test compares several databases (legacy, adopted, modelled), so it builds its own hosts rather than one AppTest.
    private readonly List<TestDatabase> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var db in _databases)
            await db.DisposeAsync();
    }

    private async Task<TestDatabase> NewDatabaseAsync()
    {
        var db = await TestDatabase.CreateAsync();
        _databases.Add(db);
        return db;
    }

    [SkippableFact]
    public async Task A_database_made_by_the_SQL_scripts_adopts_the_baseline_unchanged_and_its_data_is_served()
    {
        var legacy = await NewDatabaseAsync();
        await LegacyDatabase.CreateAsync(legacy);
        var data = await LegacyDatabase.AddDataAsync(legacy);
        var versions = LegacyDatabase.Scripts(legacy.Provider).Select(s => s.Version).ToList();
        Assert.Contains(versions[^1], SchemaMigrator.LegacyVersions.Select(v => v.LegacyVersion));

        // The scripts' last version equals the migrations up to the one it maps to ...
        var adopted = await NewDatabaseAsync();
        await using (var services = SchemaTests.Services(adopted))
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().GetService<IMigrator>().MigrateAsync(SchemaMigrator.LegacyVersions[^1].Migration);
        SchemaTests.AssertSameSchema(await SchemaTests.DescribeAsync(adopted), await SchemaTests.DescribeAsync(legacy));
        // ... and after the start the database has the EF model's own schema.
        var modelled = await ModelledAsync();

        await using (var app = new TestApp(legacy))
        {
            var client = app.Anonymous();
            (await client.GetAsync("/healthz/ready")).AssertStatus(HttpStatusCode.OK);

            var admin = await app.SignInAsync(data.Email, data.Password);
            var me = (await admin.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal(data.OrganizationId.ToString(), me.Str("organizationId"));
            Assert.Equal(["globalAdmin"], me.Items("roles").Select(r => r!.GetValue<string>()));

            var request = (await admin.GetAsync($"/v1/servicerequests/{data.RequestId}")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal("Cluster node fails to rejoin", request.Str("title"));
            Assert.Equal("open", request.Str("status"));
            Assert.Equal(9, request.Int("remainingIncidents"));
            Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero), DateTimeOffset.Parse(request.Str("createdDate"), System.Globalization.CultureInfo.InvariantCulture));

            var contract = (await admin.GetAsync($"/v1/supportcontracts/{data.ContractId}")).AssertStatus(HttpStatusCode.OK);
            Assert.Equal("LEGACYACCESS01", contract.Str("accessId"));
            Assert.Equal(9, contract.Int("remainingIncidents"));
            var ledger = (await admin.GetAsync($"/v1/supportcontracts/{data.ContractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items();
            Assert.Equal(["grant", "consume"], ledger.Select(e => e!.Str("kind")));

            // And it goes on working: a new request takes the next incident from the same contract.
            var opened = (await admin.PostAsync("/v1/servicerequests/en-US", new
            {
                title = "Second node too",
                description = "Node 4 also stays paused.",
                severity = "minimal",
                productId = data.ProductId,
                supportContractId = data.ContractId,
            })).AssertStatus(HttpStatusCode.Created);
            Assert.Equal(8, opened.Int("remainingIncidents"));
            ledger = (await admin.GetAsync($"/v1/supportcontracts/{data.ContractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items();
            Assert.Equal(["grant", "consume", "consume"], ledger.Select(e => e!.Str("kind")));
        }

        // What the start-up changed: the history, with the baseline; the scripts' versions stay.
        await using (var services = SchemaTests.Services(legacy))
        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.EndsWith("_Baseline", context.Database.GetMigrations().First(), StringComparison.Ordinal);
            Assert.Equal(context.Database.GetMigrations(), await SchemaTests.RecordedMigrationsAsync(legacy));
            Assert.Equal(versions, await context.Database.SqlQueryRaw<string>("SELECT \"Version\" AS \"Value\" FROM \"__schema_versions\" ORDER BY \"Version\"").ToListAsync());
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync());
        }
        SchemaTests.AssertSameSchema(await SchemaTests.DescribeAsync(modelled), await SchemaTests.DescribeAsync(legacy));
    }

    [SkippableFact]
    public async Task A_database_at_an_older_script_version_is_refused_with_what_to_do_and_left_unchanged()
    {
        var legacy = await NewDatabaseAsync();
        await LegacyDatabase.CreateAsync(legacy, upTo: "0002_alerts");
        var before = await SchemaTests.DescribeAsync(legacy);

        await using var services = SchemaTests.Services(legacy);
        await using var scope = services.CreateAsyncScope();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync());
        Assert.Contains("0002_alerts", refused.Message, StringComparison.Ordinal);
        Assert.Contains("0004_expiry_index", refused.Message, StringComparison.Ordinal);

        Assert.Equal(before, await SchemaTests.DescribeAsync(legacy));
        await using var connection = SchemaTests.Open(legacy);
        await connection.OpenAsync();
        var history = await SchemaTests.QueryAsync(connection, legacy.Provider == DatabaseProvider.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_name = '__EFMigrationsHistory'"
            : "SELECT name FROM sqlite_master WHERE name = '__EFMigrationsHistory'");
        Assert.Empty(history);
    }

    [SkippableFact]
    public async Task Schema_script_on_a_database_made_by_the_SQL_scripts_adopts_the_baseline_when_applied_by_hand()
    {
        var legacy = await NewDatabaseAsync();
        await LegacyDatabase.CreateAsync(legacy);
        await LegacyDatabase.AddDataAsync(legacy);
        var run = await RunCliAsync(legacy, "schema", "script");
        Assert.True(run.ExitCode == CliApp.Ok, run.ToString());
        Assert.Contains("Adopting", run.Output, StringComparison.Ordinal);
        Assert.Contains("0004_expiry_index", run.Output, StringComparison.Ordinal);

        await using (var connection = SchemaTests.Open(legacy))
        {
            await connection.OpenAsync();
            await LegacyDatabase.ExecuteAsync(connection, run.Output);
        }
        // Adopted, then brought up to the model by the migrations after the one it maps to.
        SchemaTests.AssertSameSchema(await SchemaTests.DescribeAsync(await ModelledAsync()), await SchemaTests.DescribeAsync(legacy));
        await using var services = SchemaTests.Services(legacy);
        await using var scope = services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().PendingAsync());
        Assert.Equal(scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetMigrations(), await SchemaTests.RecordedMigrationsAsync(legacy));
    }

    /// <summary>A database with the EF model's own schema, to compare with.</summary>
    private async Task<TestDatabase> ModelledAsync()
    {
        var modelled = await NewDatabaseAsync();
        await using var services = SchemaTests.Services(modelled);
        await using var scope = services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.EnsureCreatedAsync());
        return modelled;
    }

    internal static async Task<CliRun> RunCliAsync(TestDatabase db, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = [.. args, "--provider", db.Provider.ToString(), "--connection", db.ConnectionString];
        var exitCode = await CliApp.Build().Parse(all).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    internal sealed record CliRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }
}
