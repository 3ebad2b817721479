using System.Globalization;
using System.Net;
using Npgsql;
using PartnerSupport.Resources;
using PartnerSupport.Storage;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Security;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// While the database cannot be reached, every call says so (503 database-unavailable with
/// Retry-After, the portal a readable page) instead of a 500, and the service answers again
/// as soon as the database is back, without a restart. PostgreSQL: the database stops accepting
/// connections and its sessions are ended. SQLite: the database's folder goes away, so the file
/// cannot be opened (the connection string turns pooling off, so each use opens it anew).
/// </summary>
public sealed class DatabaseOutageTests : AppTest
{
    private const string AdminEmail = "admin@contoso.example";

    private string _folder = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _folder = Path.Combine(_db.Folder, "data");
        Directory.CreateDirectory(_folder);
        var connectionString = _db.Provider == DatabaseProvider.Sqlite
            ? $"Data Source={Path.Combine(_folder, "outage.db")};Pooling=False"
            : _db.ConnectionString;
        await RestartAsync(new Dictionary<string, string?> { ["ConnectionStrings:PartnerSupport"] = connectionString });
    }

    public override async Task DisposeAsync()
    {
        await BringBackAsync();
        await base.DisposeAsync();
    }

    [SkippableFact]
    public async Task An_unreachable_database_is_a_503_with_Retry_After_and_the_service_recovers_when_it_is_back()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Contoso");
        var admin = await s.UserAsync(org, AdminEmail, "globalAdmin");
        var portal = await PortalSession.SignedInAsync(_app, AdminEmail);
        (await admin.GetAsync("/v1/servicerequests")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/requests")).Status);

        await TakeDownAsync();

        // An authenticated call, a read and a write, and a sign-in: each a 503 that says why and when to retry.
        foreach (var call in new Func<Task<ApiResponse>>[]
        {
            () => admin.GetAsync("/v1/servicerequests"),
            () => s.Operator.PostAsync("/v1/products", new { name = "SQL Server 2025", family = "SQL Server", version = "2025", kind = "onPremises" }),
            () => _app.Anonymous().PostAsync("/v1/token", new { email = AdminEmail, password = TestApp.Password }),
        })
        {
            var refused = (await call()).AssertProblem(HttpStatusCode.ServiceUnavailable, "database-unavailable");
            Assert.Equal(Messages.Get("DatabaseUnavailable", CultureInfo.GetCultureInfo("en")), refused.Str("detail"));
            AssertRetryAfter(refused.Headers.RetryAfter);
        }

        // In the caller's language, like every refusal.
        var portuguese = new HttpRequestMessage(HttpMethod.Get, "/v1/servicerequests");
        portuguese.Headers.AcceptLanguage.ParseAdd("pt-BR");
        var translated = (await admin.SendAsync(portuguese)).AssertProblem(HttpStatusCode.ServiceUnavailable, "database-unavailable");
        Assert.Equal(Messages.Get("DatabaseUnavailable", CultureInfo.GetCultureInfo("pt-BR")), translated.Str("detail"));

        // The portal shows a page a person can read, not problem details and not a stack trace.
        var page = await portal.GetAsync("/requests");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Messages.Get("DatabaseUnavailable", CultureInfo.GetCultureInfo("en"))), page.Html, StringComparison.Ordinal);
        Assert.True(page.ShowsError, page.ToString());
        Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at PartnerSupport", page.Html, StringComparison.Ordinal);
        AssertRetryAfter(page.Raw.Headers.RetryAfter);

        // The readiness probe agrees: take this node out of rotation.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _app.Anonymous().GetAsync("/healthz/ready")).Status);

        await BringBackAsync();

        // Back without a restart: the first calls may still meet a connection of the outage.
        await Eventually.UntilAsync(async () => (await admin.GetAsync("/v1/servicerequests")).Status == HttpStatusCode.OK, "the API answering again", seconds: 30);
        (await s.Operator.PostAsync("/v1/products", new { name = "SQL Server 2025", family = "SQL Server", version = "2025", kind = "onPremises" }))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/requests")).Status);
        await _app.SignInAsync(AdminEmail);
    }

    private static void AssertRetryAfter(System.Net.Http.Headers.RetryConditionHeaderValue? retryAfter)
    {
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter.Delta is { TotalSeconds: > 0 }, $"Retry-After should be a number of seconds: {retryAfter}");
    }

    private async Task TakeDownAsync()
    {
        if (_db.Provider == DatabaseProvider.Sqlite)
        {
            Directory.Move(_folder, _folder + "-away");
            return;
        }
        await AdminAsync($"ALTER DATABASE \"{DatabaseName}\" ALLOW_CONNECTIONS false");
        await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{DatabaseName}' AND pid <> pg_backend_pid()");
    }

    private async Task BringBackAsync()
    {
        if (_db.Provider == DatabaseProvider.Sqlite)
        {
            if (Directory.Exists(_folder + "-away"))
                Directory.Move(_folder + "-away", _folder);
            return;
        }
        await AdminAsync($"ALTER DATABASE \"{DatabaseName}\" ALLOW_CONNECTIONS true");
    }

    private string DatabaseName => new NpgsqlConnectionStringBuilder(_db.ConnectionString).Database!;

    private static async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("PARTNERSUPPORT_TEST_PG"));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
