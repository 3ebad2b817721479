using System.CommandLine;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Cli;
using PartnerSupport.Storage;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Foundation;

/// <summary>The operator command line, run in-process on the database under test.</summary>
public sealed class CliTests : AppTest
{
    private const string Email = "first.operator@program.example";
    private const string Password = "Cli-Passw0rd-2026";

    [SkippableFact]
    public async Task Operator_add_creates_an_operator_who_can_sign_in_and_use_the_back_office()
    {
        var run = await RunAsync("operator", "add", "--email", Email, "--password", Password);
        Assert.True(run.ExitCode == CliApp.Ok, run.ToString());
        Assert.Contains(Email, run.Output, StringComparison.Ordinal);
        Assert.Equal("", run.Error);

        var app = _app;
        var op = await app.SignInAsync(Email, Password);
        var me = (await op.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(["operator"], me.Items("roles").Select(r => r!.GetValue<string>()));
        Assert.Contains(me.Id, run.Output, StringComparison.Ordinal);
        (await op.PostAsync("/v1/organizations", new { name = "Northwind", partnerId = "8000001", programs = new[] { "mpn" }, countryCode = "US" }))
            .AssertStatus(HttpStatusCode.Created);
        (await op.GetAsync("/v1/activations?status=pending")).AssertStatus(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Adding_the_same_email_twice_is_refused_with_email_taken()
    {
        Assert.Equal(CliApp.Ok, (await RunAsync("operator", "add", "--email", Email, "--password", Password)).ExitCode);

        var again = await RunAsync("operator", "add", "--email", Email.ToUpperInvariant(), "--password", "Other-Passw0rd-2026");
        Assert.True(again.ExitCode != CliApp.Ok, again.ToString());
        Assert.Contains("email-taken", again.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("created", again.Output, StringComparison.Ordinal);
        Assert.Equal(1, await CountUsersAsync());

        // The first password still signs in; the second never took effect.
        var app = _app;
        await app.SignInAsync(Email, Password);
        (await app.Anonymous().PostAsync("/v1/token", new { email = Email, password = "Other-Passw0rd-2026" }))
            .AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [SkippableTheory]
    [InlineData("not-an-email", Password, "email")]
    [InlineData("two@at@program.example", Password, "email")]
    [InlineData("with space@program.example", Password, "email")]
    [InlineData(Email, "short", "password")]
    [InlineData(Email, "nouppercase-1234", "password")]
    public async Task Bad_input_exits_with_2_and_creates_nobody(string email, string password, string field)
    {
        var run = await RunAsync("operator", "add", "--email", email, "--password", password);
        Assert.True(run.ExitCode == CliApp.BadUsage, run.ToString());
        Assert.Contains("validation-failed", run.Error, StringComparison.Ordinal);
        Assert.Contains(field, run.Error, StringComparison.Ordinal);
        Assert.Equal(0, await CountUsersAsync());
    }

    [SkippableFact]
    public async Task A_missing_option_is_a_usage_error_and_creates_nobody()
    {
        var run = await RunAsync("operator", "add", "--email", Email);
        Assert.True(run.ExitCode != CliApp.Ok, run.ToString());
        Assert.Contains("--password", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, await CountUsersAsync());
    }

    [SkippableFact]
    public async Task Schema_migrate_brings_a_new_database_up_to_date_and_can_run_again()
    {
        var migrations = await MigrationsAsync();
        var first = await RunAsync("schema", "migrate");
        Assert.True(first.ExitCode == CliApp.Ok, first.ToString());
        Assert.All(migrations, m => Assert.Contains($"Applied {m}.", first.Output, StringComparison.Ordinal));
        Assert.Contains("up to date", first.Output, StringComparison.Ordinal);

        var again = await RunAsync("schema", "migrate");
        Assert.True(again.ExitCode == CliApp.Ok, again.ToString());
        Assert.DoesNotContain("Applied", again.Output, StringComparison.Ordinal);
        Assert.Contains("up to date", again.Output, StringComparison.Ordinal);

        Assert.Equal(0, await CountUsersAsync());
        var app = _app;
        await app.OperatorAsync();
    }

    [SkippableFact]
    public async Task Schema_script_applied_by_hand_builds_the_migrated_schema_and_the_application_runs_on_it()
    {
        var script = await RunAsync("schema", "script");
        Assert.True(script.ExitCode == CliApp.Ok, script.ToString());
        Assert.Contains("CREATE TABLE", script.Output, StringComparison.Ordinal);
        // Printing a script opens no database file and creates none.
        if (_db.Provider == DatabaseProvider.Sqlite)
            Assert.False(File.Exists(Path.Combine(_db.Folder, "test.db")));

        await ApplyAsync(script.Output);
        var migrated = await TestDatabase.CreateAsync();
        try
        {
            await using (var services = SchemaTests.Services(migrated))
            await using (var scope = services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
            SchemaTests.AssertSameSchema(await SchemaTests.DescribeAsync(migrated), await SchemaTests.DescribeAsync(_db));
        }
        finally
        {
            await migrated.DisposeAsync();
        }
        Assert.Equal(await MigrationsAsync(), await SchemaTests.RecordedMigrationsAsync(_db));

        // PostgreSQL's script is idempotent: the same script again changes nothing. SQLite's starts
        // from the version it reads, which is now the last.
        var again = await RunAsync("schema", "script");
        if (_db.Provider == DatabaseProvider.Postgres)
        {
            Assert.Equal(script.Output, again.Output);
            await ApplyAsync(again.Output);
        }
        else
        {
            Assert.Contains("Nothing to apply", again.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("CREATE TABLE", again.Output, StringComparison.Ordinal);
        }
        Assert.Equal(await MigrationsAsync(), await SchemaTests.RecordedMigrationsAsync(_db));

        var app = _app;
        (await app.Anonymous().GetAsync("/healthz/ready")).AssertStatus(HttpStatusCode.OK);
        var op = await app.OperatorAsync();
        (await op.PostAsync("/v1/organizations", new { name = "Northwind", partnerId = "8000002", programs = new[] { "mpn" }, countryCode = "US" }))
            .AssertStatus(HttpStatusCode.Created);
    }

    /// <summary>What an operator does with the script: run it on the database as it is.</summary>
    private async Task ApplyAsync(string sql)
    {
        await using var connection = SchemaTests.Open(_db);
        await connection.OpenAsync();
        await LegacySchema.LegacyDatabase.ExecuteAsync(connection, sql);
    }

    private async Task<List<string>> MigrationsAsync()
    {
        await using var services = SchemaTests.Services(_db);
        await using var scope = services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetMigrations().ToList();
    }

    private async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = [.. args, "--provider", _db.Provider.ToString(), "--connection", _db.ConnectionString];
        var exitCode = await CliApp.Build().Parse(all).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Counts accounts straight from the database, without starting a server (which would add its bootstrap operator).</summary>
    private async Task<int> CountUsersAsync()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (_db.Provider == DatabaseProvider.Sqlite)
            options.UseSqlite(_db.ConnectionString);
        else
            options.UseNpgsql(_db.ConnectionString);
        await using var db = new AppDbContext(options.Options);
        if (!await db.Database.CanConnectAsync())
            return 0;
        try
        {
            return await db.Users.CountAsync();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException)
        {
            // No schema yet: the command failed before migrating, so nobody exists.
            return 0;
        }
    }

    private sealed record CliRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }
}
