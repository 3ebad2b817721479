using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerSupport.Accounts;
using PartnerSupport.Alerts;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Customers;
using PartnerSupport.Demo;
using PartnerSupport.Entitlements;
using PartnerSupport.Organizations;
using PartnerSupport.Plans;
using PartnerSupport.Products;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the server and the command line share: storage, accounts, use cases.</summary>
    public static IServiceCollection AddPartnerSupport(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<ActivationOptions>(configuration.GetSection(ActivationOptions.Section));
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.Configure<IdempotencyOptions>(configuration.GetSection(IdempotencyOptions.Section));
        services.Configure<AlertOptions>(configuration.GetSection(AlertOptions.Section));
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddMetrics();
        services.TryAddSingleton<PartnerSupportMetrics>();
        // Redirects are not followed: a receiver that moved must be reconfigured, not guessed.
        services.AddHttpClient(DeliverWebhooks.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new System.Net.Http.SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddOptions<ResponseTargetOptions>()
            .Bind(configuration.GetSection(ResponseTargetOptions.Section))
            .Validate(o => o.Critical > TimeSpan.Zero && o.Moderate > TimeSpan.Zero && o.Minimal > TimeSpan.Zero, "ResponseTargets: every target must be a positive duration")
            // A server with a wrong target refuses to start rather than failing each new request.
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptions.Validator>());

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        // Pooled: a request's context is reset and reused rather than built with fresh options, and
        // one interceptor instance remembers which SQLite handles already have their pragmas.
        var durability = new SqliteDurabilityInterceptor();
        services.AddDbContextPool<AppDbContext>(options =>
        {
            if (database.Provider == DatabaseProvider.Postgres)
            {
                options.Use(database.Provider, connectionString ?? throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:PartnerSupport is not set."));
            }
            else
            {
                options.Use(database.Provider, database.SqliteConnectionString(connectionString))
                    .AddInterceptors(durability);
            }
        });

        services.AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<AppDbContext>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            o.Lockout.MaxFailedAccessAttempts = limits.Value.WrongPasswordsBeforeLockout;
            o.Lockout.DefaultLockoutTimeSpan = limits.Value.LockoutDuration;
        });

        services.AddSingleton(_ => configuration["Catalog:Path"] is { Length: > 0 } path ? BenefitCatalog.Load(path) : BenefitCatalog.Default());
        services.AddSingleton<LinkAttemptLimiter>();
        services.AddSingleton<CallerCache>();

        services.AddScoped<SchemaMigrator>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<CreateUser>();
        services.AddScoped<AddOperator>();
        services.AddScoped<VerifyCredentials>();
        services.AddScoped<EndSessions>();
        services.AddScoped<RotateSigningKey>();
        services.AddScoped<PurgeSigningKeys>();
        services.AddScoped<CreateOrganization>();
        services.AddScoped<GetOrganization>();
        services.AddScoped<AddMembership>();
        services.AddScoped<CreateProduct>();
        services.AddScoped<ListProducts>();
        services.AddScoped<ListBenefits>();
        services.AddScoped<ActivateBenefit>();
        services.AddScoped<CompleteActivation>();
        services.AddScoped<RejectActivation>();
        services.AddScoped<ListActivations>();
        services.AddScoped<ProcessDueActivations>();
        services.AddScoped<LinkContract>();
        services.AddScoped<ListContracts>();
        services.AddScoped<GetContract>();
        services.AddScoped<GetLedger>();
        services.AddScoped<IdempotencyGuard>();
        services.AddScoped<CreateServiceRequest>();
        services.AddScoped<GetServiceRequest>();
        services.AddScoped<ListServiceRequests>();
        services.AddScoped<UpdateServiceRequest>();
        services.AddScoped<RecordResponse>();
        services.AddScoped<ListResponses>();
        services.AddScoped<ListBreaches>();
        services.AddScoped<PurgeIdempotencyKeys>();
        services.AddScoped<RecordExpiries>();
        services.AddScoped<VerifyLedger>();
        services.AddScoped<SetDecrementOn>();
        services.AddScoped<AdjustBalance>();
        services.AddScoped<Reports.UsageReport>();
        services.AddScoped<ListContractLinks>();
        services.AddScoped<RevokeContractLink>();
        services.AddScoped<CreateCustomer>();
        services.AddScoped<ListCustomers>();
        services.AddScoped<ListCustomerServiceRequests>();
        services.AddScoped<CreateCustomerServiceRequest>();
        services.AddScoped<PurchasePlan>();
        services.AddScoped<ListOrganizations>();
        services.AddScoped<ImportMemberships>();
        services.AddScoped<Audit.ListAudit>();
        services.AddScoped<GetOrganizationDetails>();
        services.AddScoped<RaiseAlerts>();
        services.AddScoped<ListAlerts>();
        services.AddScoped<DeliverWebhooks>();
        return services;
    }
}
