using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Storage;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// The real application (real database, real authentication, real worker) hosted in the test
/// process, with a clock the test controls.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string OperatorEmail = "operator@test.example";
    public const string Password = "Test-Passw0rd-42";

    /// <summary>Where every test clock starts unless a test says otherwise.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;

    public TestApp(TestDatabase database, ManualTimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        Database = database;
        Time = time ?? new ManualTimeProvider(DefaultStart);
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:PartnerSupport"] = database.ConnectionString,
            ["Bootstrap:OperatorEmail"] = OperatorEmail,
            ["Bootstrap:OperatorPassword"] = Password,
            ["Demo:Seed"] = "false",
            ["Demo:PasswordFile"] = Path.Combine(database.Folder, "demo-password.txt"),
            ["Activation:ProcessingDelay"] = "00:00:00",
            ["Activation:PollInterval"] = "00:00:00.050",
            ["Logging:LogLevel:Default"] = "Warning",
            // The in-process clients all arrive from one address (none), so they would share one
            // sign-in allowance; the tests of that limit set their own.
            ["RateLimits:SignInPerAddress"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    public TestDatabase Database { get; }
    public ManualTimeProvider Time { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public ApiClient Anonymous() => new(CreateClient());

    public async Task<ApiClient> SignInAsync(string email, string password = Password)
    {
        var client = Anonymous();
        await client.SignInAsync(email, password);
        return client;
    }

    public Task<ApiClient> OperatorAsync() => SignInAsync(OperatorEmail);

    /// <summary>
    /// An account signed in from a client address of the test's choosing. The in-process
    /// TestServer leaves HttpContext.Connection.RemoteIpAddress null for ordinary clients; this
    /// handler sets it on every request, as Kestrel would for a real connection.
    /// </summary>
    public async Task<ApiClient> SignInFromAsync(string email, string address)
    {
        var handler = Server.CreateHandler(http => http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address));
        var client = new ApiClient(new HttpClient(handler) { BaseAddress = Server.BaseAddress });
        await client.SignInAsync(email, Password);
        return client;
    }

    public DateOnly Today() => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    /// <summary>Runs code against the application's database, in a scope of its own.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
