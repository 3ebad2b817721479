using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.BrowserTests.Infrastructure;

/// <summary>
/// The real application on Kestrel (a real TCP port a browser can reach), on a fresh database of
/// the provider under test, with the test's clock; data is seeded through the API as the back
/// office would, with the bootstrap operator's bearer token.
/// </summary>
public sealed class PortalApp : IAsyncDisposable
{
    private static int _sequence;

    private PortalApp(TestDatabase database, TestApp app, Uri baseAddress, ApiClient op)
    {
        Database = database;
        App = app;
        BaseAddress = baseAddress;
        Operator = op;
    }

    public TestDatabase Database { get; }
    public TestApp App { get; }
    public Uri BaseAddress { get; }
    public ApiClient Operator { get; }
    public DateOnly Today => DateOnly.FromDateTime(App.Time.GetUtcNow().UtcDateTime);

    public static async Task<PortalApp> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var app = new TestApp(database, settings: settings);
        try
        {
            app.UseKestrel(0);
            app.StartServer();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseAddress = new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal));
            var op = Client(baseAddress);
            await op.SignInAsync(TestApp.OperatorEmail, TestApp.Password);
            return new PortalApp(database, app, baseAddress, op);
        }
        catch
        {
            await app.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>A number unique in this test run, to keep names, e-mails and product families apart.</summary>
    public static int Next() => Interlocked.Increment(ref _sequence);

    public static ApiClient Client(Uri baseAddress) => new(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) });

    public async Task<ApiClient> SignInAsync(string email)
    {
        var client = Client(BaseAddress);
        await client.SignInAsync(email, TestApp.Password);
        return client;
    }

    public async Task<string> OrganizationAsync(string name, params string[] programs)
    {
        var response = await Operator.PostAsync("/v1/organizations", new
        {
            name,
            partnerId = (7_000_000 + Next()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            programs = programs.Length == 0 ? ["mpn"] : programs,
            countryCode = "BR",
        });
        return response.AssertStatus(HttpStatusCode.Created).Id;
    }

    /// <summary>Creates an account (work when it has an organization, personal otherwise); the browser signs it in.</summary>
    public async Task UserAsync(string? organizationId, string email, params string[] roles)
    {
        var body = new { email, displayName = "Test " + email.Split('@')[0], accountType = organizationId is null ? "personal" : "work", roles, password = TestApp.Password };
        var path = organizationId is null ? "/v1/users" : $"/v1/organizations/{organizationId}/users";
        (await Operator.PostAsync(path, body)).AssertStatus(HttpStatusCode.Created);
    }

    public async Task MembershipAsync(string organizationId, string offer, string? competency, DateOnly? start = null, DateOnly? end = null) =>
        (await Operator.PostAsync($"/v1/organizations/{organizationId}/memberships", new
        {
            offer,
            competency,
            startDate = start ?? Today.AddDays(-10),
            endDate = end ?? Today.AddYears(1),
        })).AssertStatus(HttpStatusCode.Created);

    public async Task<string> ProductAsync(string family, string version, string kind = "onPremises", string? workload = null) =>
        (await Operator.PostAsync("/v1/products", new { name = $"{family} {version}", family, version, kind, workload }))
            .AssertStatus(HttpStatusCode.Created).Id;

    public async Task CustomerAsync(string organizationId, string tenantId, string name) =>
        (await Operator.PostAsync($"/v1/organizations/{organizationId}/customers", new { name, tenantId, countryCode = "BR" }))
            .AssertStatus(HttpStatusCode.Created);

    /// <summary>Activates a benefit through the API (for flows that start after activation).</summary>
    public async Task<ActivatedBenefit> ActivateAsync(string adminEmail, string type)
    {
        var admin = await SignInAsync(adminEmail);
        using var http = admin.Http;
        var benefit = (await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items().Single(b => b!.Str("type") == type)!;
        (await admin.PostAsync($"/v1/benefits/{benefit.Str("id")}/activate")).AssertStatus(HttpStatusCode.Accepted);
        return await Scenario.WaitForActiveAsync(admin, benefit.Str("id"));
    }

    public async ValueTask DisposeAsync()
    {
        Operator.Http.Dispose();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
