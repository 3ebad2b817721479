using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerSupport.Accounts;
using PartnerSupport.Alerts;
using PartnerSupport.Casework;
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
using PartnerSupport.Webhooks;

namespace PartnerSupport;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the server and the command line share: storage, accounts, use cases.</summary>
    public static IServiceCollection AddPartnerSupport(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSettings<DatabaseOptions, DatabaseOptions.Validator>(configuration, DatabaseOptions.Section);
        services.AddSettings<BootstrapOptions, BootstrapOptions.Validator>(configuration, BootstrapOptions.Section);
        services.AddSettings<CatalogOptions, CatalogOptions.Validator>(configuration, CatalogOptions.Section);
        services.AddSettings<ActivationOptions, ActivationOptions.Validator>(configuration, ActivationOptions.Section);
        services.AddSettings<DemoOptions, DemoOptions.Validator>(configuration, DemoOptions.Section);
        services.AddSettings<IdempotencyOptions, IdempotencyOptions.Validator>(configuration, IdempotencyOptions.Section);
        services.AddSettings<AlertOptions, AlertOptions.Validator>(configuration, AlertOptions.Section);
        services.AddSettings<WebhookOptions, WebhookOptions.Validator>(configuration, WebhookOptions.Section);
        services.AddSettings<Notifications.SmtpOptions, Notifications.SmtpOptions.Validator>(configuration, Notifications.SmtpOptions.Section);
        services.AddSettings<Notifications.NotificationOptions, Notifications.NotificationOptions.Validator>(configuration, Notifications.NotificationOptions.Section);
        // A server with a wrong target refuses to start rather than failing each new request.
        services.AddSettings<ResponseTargetOptions, ResponseTargetOptions.Validator>(configuration, ResponseTargetOptions.Section);
        services.AddSettings<RateLimitOptions, RateLimitOptions.Validator>(configuration, RateLimitOptions.Section);
        services.AddSettings<AuthOptions, AuthOptions.Validator>(configuration, AuthOptions.Section);
        services.AddSettings<InvitationOptions, InvitationOptions.Validator>(configuration, InvitationOptions.Section);
        services.AddSettings<AccountOptions, AccountOptions.Validator>(configuration, AccountOptions.Section);
        services.AddSettings<Casework.AttachmentOptions, Casework.AttachmentOptions.Validator>(configuration, Casework.AttachmentOptions.Section);
        services.AddMetrics();
        services.TryAddSingleton<PartnerSupportMetrics>();
        // Redirects are not followed: a receiver that moved must be reconfigured, not guessed.
        services.AddHttpClient(DeliverWebhooks.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new System.Net.Http.SocketsHttpHandler { AllowAutoRedirect = false });
        // Subscriptions are anyone's URLs: no proxy (it would be checked instead of the receiver)
        // and a connect step that refuses the server's own networks on the address it connects to.
        services.AddHttpClient(Webhooks.WebhookAddressPolicy.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new System.Net.Http.SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = Webhooks.WebhookAddressPolicy.ConnectCallback(provider.GetRequiredService<IOptions<WebhookOptions>>()),
            });

        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        // Pooled: a request's context is reset and reused rather than built with fresh options, and
        // one interceptor instance remembers which SQLite handles already have their pragmas.
        var durability = new SqliteDurabilityInterceptor();
        services.AddDbContextPool<AppDbContext>((provider, options) =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (database.Provider == DatabaseProvider.Postgres)
            {
                options.Use(database.Provider, connectionString ?? throw new OptionsValidationException(
                    DatabaseOptions.Section, typeof(DatabaseOptions), ["ConnectionStrings:PartnerSupport must be set when Database:Provider is Postgres (got nothing)."]));
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

        services.AddSingleton(provider => provider.GetRequiredService<IOptions<CatalogOptions>>().Value.Path is { Length: > 0 } path
            ? BenefitCatalog.Load(path)
            : BenefitCatalog.Default());
        services.AddSingleton<LinkAttemptLimiter>();
        services.AddSingleton<CallerCache>();

        services.AddScoped<SchemaMigrator>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<CreateUser>();
        services.AddScoped<AddOperator>();
        services.AddScoped<VerifyCredentials>();
        services.AddScoped<EndSessions>();
        services.AddSingleton<TotpSecrets>();
        services.AddScoped<SignIn>();
        services.AddScoped<SignInWithProvider>();
        services.AddScoped<ListOrganizationUsers>();
        services.AddScoped<UpdateOrganizationUser>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<StartTotpEnrolment>();
        services.AddScoped<ConfirmTotpEnrolment>();
        services.AddScoped<CreateApiKey>();
        services.AddScoped<ListApiKeys>();
        services.AddScoped<RevokeApiKey>();
        services.AddSingleton<Notifications.MailSeal>();
        services.AddSingleton<AccountMail>();
        services.AddScoped<CreateInvitation>();
        services.AddScoped<InviteStaff>();
        services.AddScoped<ListInvitations>();
        services.AddScoped<RevokeInvitation>();
        services.AddScoped<AcceptInvitation>();
        services.AddScoped<RequestPasswordReset>();
        services.AddScoped<ResetPassword>();
        services.AddScoped<AuthenticateApiKey>();
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
        services.AddScoped<NameActivations>();
        services.AddScoped<ProcessDueActivations>();
        services.AddScoped<LinkContract>();
        services.AddScoped<ListContracts>();
        services.AddScoped<ListContractBalances>();
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
        services.AddSingleton<Webhooks.WebhookSecrets>();
        services.AddScoped<Webhooks.FanOutWebhookEvents>();
        services.AddScoped<Webhooks.CreateWebhookSubscription>();
        services.AddScoped<Webhooks.ListWebhookSubscriptions>();
        services.AddScoped<Webhooks.DeleteWebhookSubscription>();
        services.AddScoped<Webhooks.PingWebhookSubscription>();
        services.AddScoped<Webhooks.ListWebhookDeliveries>();
        services.AddScoped<Webhooks.RetryWebhookDelivery>();
        services.AddScoped<CreateStaff>();
        services.AddScoped<ListStaff>();
        services.AddScoped<Casework.PostMessage>();
        services.AddScoped<Casework.ListMessages>();
        services.AddScoped<Casework.AssignServiceRequest>();
        services.AddScoped<Casework.ListQueue>();
        services.AddScoped<Casework.CountQueue>();
        services.AddScoped<Casework.UploadAttachment>();
        services.AddScoped<Casework.PostReply>();
        services.AddScoped<Casework.ListAttachments>();
        services.AddScoped<Casework.DownloadAttachment>();
        services.AddScoped<Casework.ListEvents>();
        services.AddScoped<UpdateProfile>();
        services.AddScoped<Notifications.SmtpSender>();
        services.AddScoped<Notifications.ListOutbox>();
        services.AddScoped<Notifications.WriteEmails>();
        services.AddScoped<Notifications.SendEmails>();
        return services;
    }
}
