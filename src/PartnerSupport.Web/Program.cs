using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerSupport;
using PartnerSupport.Common;
using PartnerSupport.Demo;
using PartnerSupport.Resources;
using PartnerSupport.Storage;
using PartnerSupport.Web;
using PartnerSupport.Web.Api;
using PartnerSupport.Web.Auth;
using PartnerSupport.Web.Telemetry;
using PartnerSupport.Web.Workers;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 256 * 1024);

    builder.Services.AddPartnerSupport(builder.Configuration);
    builder.AddTelemetry();
    LogFormat.Configure(builder);
    builder.Services.AddSettings<MaintenanceOptions, MaintenanceOptions.Validator>(builder.Configuration, MaintenanceOptions.Section);
    builder.Services.AddSettings<BenchOptions, BenchOptions.Validator>(builder.Configuration, BenchOptions.Section);
    builder.Services.Configure<JsonOptions>(o =>
    {
        o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        // {"title":"a","title":"b"} (or Title and title) is refused, not read as its last value.
        o.SerializerOptions.AllowDuplicateProperties = false;
    });
    builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
    builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
    builder.Services.AddExceptionHandler<PartnerSupport.Web.Pages.PortalErrorPage>();
    builder.Services.AddOpenApi(ApiDocument.Configure);
    RateLimits.Add(builder.Services);
    builder.Services.AddKnownProxies(builder.Configuration);

    builder.Services.AddSharedKeys();
    builder.Services.AddPartnerSupportAuthentication(builder.Configuration);
    builder.Services.AddSingleton<PartnerSupport.Web.Resources.PortalText>();
    builder.Services.AddScoped<PartnerSupport.Web.Pages.PortalMenu>();
    builder.Services.AddRazorPages(o =>
    {
        o.Conventions.AllowAnonymousToFolder("/Account");
        o.Conventions.Add(new PartnerSupport.Web.Pages.AttachmentBodyLimitConvention());
        o.Conventions.ConfigureFilter(new PartnerSupport.Web.Pages.MfaEnrolmentPageFilter());
    });
    builder.Services.AddHostedService<ActivationWorker>();
    builder.Services.AddHostedService<MaintenanceWorker>();
    builder.Services.AddHostedService<AlertWorker>();
    builder.Services.AddHostedService<WebhookWorker>();
    builder.Services.AddHostedService<EmailWorker>();

    var app = builder.Build();
    // Every section is checked now, before anything reads one: all wrong settings are named at once.
    app.Services.GetRequiredService<IStartupValidator>().Validate();

    // Before anything that reads the client's address or scheme.
    app.UseKnownProxies();
    app.UseTelemetry();
    // Next, so that the error pages and problem details below speak the request's language too.
    app.UseRequestLocalization(o =>
    {
        o.SetDefaultCulture("en");
        o.SupportedCultures = [.. Messages.SupportedCultures];
        o.SupportedUICultures = [.. Messages.SupportedCultures];
        o.FallBackToParentUICultures = true;
    });
    app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        StatusCodeSelector = Problems.StatusCodeFor,
        // Unreadable input is the client's mistake, not the server's error: no error log with a
        // stack trace for every malformed body.
        SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
    });
    app.UseSecurityHeaders();
    app.UseStatusCodePages();
    app.UseStaticFiles();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.MapRazorPages();

    app.MapOpenApi().AllowAnonymous();
    ApiReference.Map(app);
    HealthEndpoints.Map(app);

    // The API takes bearer tokens only: a browser's cookie never authorizes an API call, so the
    // API needs no antiforgery tokens.
    // The benchmark's baseline: the same server stack answering without any work of ours.
    if (app.Services.GetRequiredService<IOptions<BenchOptions>>().Value.HelloEndpoint)
        app.MapGet("/bench/hello", () => Results.Ok(new { hello = "world" })).AllowAnonymous();

    var v1 = app.MapGroup("/v1").RequireAuthorization(AuthSetup.ApiPolicy).RequireMfaEnrolment();
    ApiDocument.DeclareFrameworkRefusals(v1);
    AccountEndpoints.Map(v1);
    OrganizationAccountEndpoints.Map(v1);
    BackOfficeEndpoints.Map(v1);
    BenefitEndpoints.Map(v1);
    ContractEndpoints.Map(v1);
    ServiceRequestEndpoints.Map(v1);
    StaffEndpoints.Map(v1);
    CaseworkEndpoints.Map(v1);
    CustomerEndpoints.Map(v1);
    AlertEndpoints.Map(v1);
    WebhookEndpoints.Map(v1);
    OutboxEndpoints.Map(v1);
    ReportEndpoints.Map(v1);

    string? demoPassword = null;
    string? demoPasswordFile = null;
    string database;
    await using (var scope = app.Services.CreateAsyncScope())
    {
        // A catalog file that does not load stops the start, instead of failing the first request.
        scope.ServiceProvider.GetRequiredService<PartnerSupport.Entitlements.BenefitCatalog>();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await app.Services.InitializeSharedKeysAsync();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        database = db.Database.IsSqlite()
            ? "SQLite, " + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource
            : "PostgreSQL";
        if (scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value.Seed)
        {
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            demoPassword = await seeder.SeedIfEmptyAsync();
            demoPasswordFile = seeder.PasswordFile;
        }
    }

    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var urls = string.Join(", ", app.Urls);
        if (app.Services.GetRequiredService<IOptions<LogFormat>>().Value.IsJson)
        {
            // A log pipeline reads every line as JSON: the banner goes through the log too, and the
            // demo password stays in its file.
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PartnerSupport.Web.Startup")
                .LogInformation("PartnerSupport is running on {Database}, listening on {Urls}; demo accounts: {DemoPasswordFile}", database, urls, demoPasswordFile ?? "none");
            return;
        }
        Console.WriteLine();
        Console.WriteLine($"PartnerSupport is running on {database}. Browse: {urls}");
        Console.WriteLine($"  API description: {app.Urls.FirstOrDefault()}/openapi/v1.json, interactive reference: {app.Urls.FirstOrDefault()}/docs");
        Console.WriteLine("  Sign in: POST /v1/token with {\"email\": ..., \"password\": ...}, then send 'Authorization: Bearer <accessToken>'.");
        if (demoPassword is not null)
        {
            Console.WriteLine($"  Demo accounts (password for all: {demoPassword}, kept in {demoPasswordFile}):");
            foreach (var account in DemoSeeder.Accounts)
                Console.WriteLine($"    {account.Email,-34} {account.Description}");
        }
        Console.WriteLine();
    });

    app.Run();
    return 0;
}
// Only as a process of its own: hosted in a test, the exception goes to the host that started it.
catch (Exception e) when (System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly && Settings.Describe(e) is { } problems)
{
    // A wrong setting is the operator's to fix: one line naming each key, no stack trace.
    foreach (var problem in problems)
        Console.Error.WriteLine(problem);
    return 2;
}

/// <summary>Entry point; public so the tests can host the application.</summary>
public partial class Program;
