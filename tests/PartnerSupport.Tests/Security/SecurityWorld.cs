using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>Who calls: nobody, each role of organization A, the back office, a personal account, organization B.</summary>
public enum Who
{
    Anonymous,
    GlobalAdmin,
    PartnerAdmin,
    AdminAgent,
    NoRole,
    Operator,
    Personal,
    OtherOrg,
}

/// <summary>
/// Two partner organizations side by side. A (mpn + csp) has a global admin, an MPN partner admin,
/// an admin agent and a user without roles, all linked to A's activated contract; a request on
/// that contract; a CSP customer with a request of its own. B (mpn + csp) has one user holding
/// every role. Besides: a personal account, the operator, and a "buyer" in A whose purchases give
/// fresh contracts. Activations wait a day, so they stay pending until an operator decides.
/// Everything that names A is in <see cref="Secrets"/>: no one outside A may ever read it.
/// </summary>
public sealed class SecurityWorld : AppTest
{
    public const string OrgAName = "Woodgrove Confidential 4E1D";
    public const string OrgBName = "Litware Rival 9K2Q";
    public const string RequestTitle = "Woodgrove ledger cluster down 51AF";
    public const string CustomerName = "Tailwind Hidden Customer 7C";
    public const string CustomerTenant = "tailwind-hidden.example";
    public const string TokenTarget = "token.target@woodgrove.example";
    public const string BuyerEmail = "buyer@woodgrove.example";

    private static readonly Dictionary<Who, string> EmailOf = new()
    {
        [Who.GlobalAdmin] = "global.admin@woodgrove.example",
        [Who.PartnerAdmin] = "partner.admin@woodgrove.example",
        [Who.AdminAgent] = "admin.agent@woodgrove.example",
        [Who.NoRole] = "engineer@woodgrove.example",
        [Who.Operator] = TestApp.OperatorEmail,
        [Who.Personal] = "casey@outlook.example",
        [Who.OtherOrg] = "admin@litware.example",
    };

    private readonly Dictionary<Who, ApiClient> _api = [];
    private readonly Dictionary<Who, PortalSession> _portal = [];
    private readonly HashSet<string> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private int _unique;

    public static IReadOnlyList<Who> Callers { get; } = Enum.GetValues<Who>();

    public TestApp App => _app;
    public string OrgA { get; private set; } = "";
    public string OrgB { get; private set; } = "";
    public string OnPremisesProduct { get; private set; } = "";
    public string CloudProduct { get; private set; } = "";
    public string BenefitId { get; private set; } = "";
    public string AccessId { get; private set; } = "";
    public string ContractId { get; private set; } = "";
    public string SupportContractId { get; private set; } = "";
    public string RequestId { get; private set; } = "";
    public string CustomerRequestId { get; private set; } = "";
    public ApiClient Buyer { get; private set; } = null!;

    /// <summary>The data builder, as the operator.</summary>
    public Scenario Data { get; private set; } = null!;
    public ApiClient Operator => _api[Who.Operator];
    public IReadOnlyCollection<string> Secrets => _secrets;

    public string Email(Who who) => EmailOf[who];

    /// <summary>The caller's API client; anonymous ones do not follow redirects, so a redirect shows as one.</summary>
    public ApiClient Api(Who who) =>
        who == Who.Anonymous ? new ApiClient(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })) : _api[who];

    public PortalSession Portal(Who who) => _portal[who];

    public string Today => DateOnly.FromDateTime(App.Time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string YearFromToday => DateOnly.FromDateTime(App.Time.GetUtcNow().UtcDateTime).AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A value no other call of this world used: partner IDs, e-mails, tenants.</summary>
    public string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _unique).ToString(CultureInfo.InvariantCulture)}";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Activation:ProcessingDelay"] = "1.00:00:00" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var s = Data = await Scenario.StartAsync(App);
        _api[Who.Operator] = s.Operator;
        OrgA = await s.OrganizationAsync(OrgAName, "mpn", "csp");
        OrgB = await s.OrganizationAsync(OrgBName, "mpn", "csp");
        _api[Who.GlobalAdmin] = await s.UserAsync(OrgA, EmailOf[Who.GlobalAdmin], "globalAdmin");
        _api[Who.PartnerAdmin] = await s.UserAsync(OrgA, EmailOf[Who.PartnerAdmin], "mpnPartnerAdmin");
        _api[Who.AdminAgent] = await s.UserAsync(OrgA, EmailOf[Who.AdminAgent], "adminAgent");
        _api[Who.NoRole] = await s.UserAsync(OrgA, EmailOf[Who.NoRole]);
        Buyer = await s.UserAsync(OrgA, BuyerEmail, "globalAdmin");
        _api[Who.OtherOrg] = await s.UserAsync(OrgB, EmailOf[Who.OtherOrg], "globalAdmin", "mpnPartnerAdmin", "adminAgent");
        _api[Who.Personal] = await s.UserAsync(null, EmailOf[Who.Personal]);
        await s.AccountAsync(null, TokenTarget, "Token Target");

        await s.MembershipAsync(OrgA, "gold", "Cloud Platform");
        await s.MembershipAsync(OrgB, "gold", "Security");
        OnPremisesProduct = await s.ProductAsync("Windows Server", "2025");
        CloudProduct = await s.ProductAsync("Azure Virtual Machines", "current", "cloud", "Azure");

        // A's on-premises benefit: activated by the global admin, approved by the operator.
        (BenefitId, var activation) = await Scenario.RequestActivationAsync(Api(Who.GlobalAdmin));
        (await Operator.PostAsync($"/v1/activations/{activation}/approve")).AssertStatus(HttpStatusCode.OK);
        var active = await Scenario.WaitForActiveAsync(Api(Who.GlobalAdmin), BenefitId);
        (AccessId, ContractId, SupportContractId) = (active.AccessId, active.ContractId, active.SupportContractId);
        await Scenario.LinkAsync(active, [.. new[] { Who.GlobalAdmin, Who.PartnerAdmin, Who.AdminAgent, Who.NoRole }.Select(Api)]);
        RequestId = await Scenario.ServiceRequestAsync(Api(Who.GlobalAdmin), OnPremisesProduct, SupportContractId, RequestTitle);
        await s.CustomerAsync(OrgA, CustomerTenant, CustomerName);
        CustomerRequestId = (await Api(Who.AdminAgent).PostAsync($"/v1/customers/{CustomerTenant}/servicerequests/en-US", CustomerRequestBody()))
            .AssertStatus(HttpStatusCode.Created).Id;

        foreach (var secret in new[]
        {
            OrgA, OrgAName, BenefitId, activation, AccessId, ContractId, SupportContractId, RequestId, RequestTitle,
            CustomerName, CustomerTenant, CustomerRequestId, BuyerEmail, TokenTarget,
        })
        {
            _secrets.Add(secret);
        }
        foreach (var who in new[] { Who.GlobalAdmin, Who.PartnerAdmin, Who.AdminAgent, Who.NoRole })
            _secrets.Add(EmailOf[who]);
        var orgA = Guid.Parse(OrgA);
        foreach (var id in await App.WithDbAsync(db => db.Users.Where(u => u.OrganizationId == orgA).Select(u => u.Id).ToListAsync()))
            _secrets.Add(id.ToString());

        _portal[Who.Anonymous] = PortalSession.Create(App);
        foreach (var who in Callers.Where(w => w != Who.Anonymous))
            _portal[who] = await PortalSession.SignedInAsync(App, EmailOf[who]);
    }

    public void AddSecret(string value) => _secrets.Add(value);

    /// <summary>A portal session of its own for that caller (anonymous: not signed in).</summary>
    public Task<PortalSession> NewSessionAsync(Who who) =>
        who == Who.Anonymous ? Task.FromResult(PortalSession.Create(App)) : PortalSession.SignedInAsync(App, EmailOf[who]);

    /// <summary>After a sign-out everywhere: a new token and a new portal session, in the same clients.</summary>
    public async Task RenewAsync(Who who)
    {
        if (who == Who.Anonymous)
            return;
        await _api[who].SignInAsync(EmailOf[who], TestApp.Password);
        _portal[who] = await PortalSession.SignedInAsync(App, EmailOf[who]);
    }

    public object CustomerRequestBody(string title = "Tailwind VM fails to boot") => new
    {
        title,
        description = "Boot diagnostics show a kernel panic.",
        severity = "moderate",
        productId = CloudProduct,
        supportPlan = "cloudSolutionProvider",
        workload = "azure",
    };

    public object CspRequestBody(string title = "Woodgrove CSP portal request") => new
    {
        title,
        description = "Resource group deletion hangs.",
        severity = "minimal",
        productId = CloudProduct,
        supportPlan = "cloudSolutionProvider",
    };

    /// <summary>A benefit of A that was never activated (a new Action Pack membership grants one).</summary>
    public async Task<string> FreshBenefitAsync()
    {
        var today = App.Today();
        var membership = await Data.MembershipAsync(OrgA, "actionPack", null, today, today.AddYears(1));
        var benefit = (await Api(Who.GlobalAdmin).GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items()
            .Single(b => b!.Str("membershipId") == membership)!.Str("id");
        _secrets.Add(benefit);
        _secrets.Add(membership);
        return benefit;
    }

    /// <summary>An activation of A waiting for the operator.</summary>
    public async Task<string> FreshPendingActivationAsync()
    {
        var benefit = await FreshBenefitAsync();
        var activation = (await Api(Who.GlobalAdmin).PostAsync($"/v1/benefits/{benefit}/activate")).AssertStatus(HttpStatusCode.Accepted).Id;
        _secrets.Add(activation);
        return activation;
    }

    /// <summary>A contract of A bought by the buyer: linked to the buyer only, no requests on it.</summary>
    public async Task<Purchase> FreshPurchaseAsync()
    {
        var bought = (await Buyer.PostAsync("/v1/supportplans/advanced/purchase")).AssertStatus(HttpStatusCode.Created);
        var link = (await Buyer.GetAsync($"/v1/supportcontracts/{bought.Id}/links")).AssertStatus(HttpStatusCode.OK).Items().Single()!.Str("id");
        var purchase = new Purchase(bought.Id, bought.Str("accessId"), bought.Str("contractId"), link);
        foreach (var secret in new[] { purchase.Id, purchase.AccessId, purchase.ContractId, purchase.BuyerLinkId })
            _secrets.Add(secret);
        return purchase;
    }

    /// <summary>
    /// Removes every link of the contract but the buyer's, so nobody outside A keeps holding it;
    /// first checks that <paramref name="linkedBy"/> (unless anonymous) did link it.
    /// </summary>
    public async Task UnlinkOthersAsync(string contract, Who linkedBy)
    {
        var links = (await Buyer.GetAsync($"/v1/supportcontracts/{contract}/links")).AssertStatus(HttpStatusCode.OK).Items();
        if (linkedBy != Who.Anonymous)
            Assert.Contains(links, l => l!.Str("email") == EmailOf[linkedBy]);
        else
            Assert.Single(links);
        foreach (var link in links.Where(l => l!.Str("email") != BuyerEmail))
            (await Buyer.DeleteAsync($"/v1/supportcontracts/{contract}/links/{link!.Str("id")}")).AssertStatus(HttpStatusCode.NoContent);
    }

    /// <summary>A documentation address (TEST-NET-3): public, so allowed, and needs no name resolution.</summary>
    public const string WebhookUrl = "https://203.0.113.10/hooks";

    /// <summary>A webhook subscription of A, made by A's buyer (a globalAdmin).</summary>
    public async Task<string> FreshWebhookAsync()
    {
        var created = (await Buyer.PostAsync("/v1/webhooks", new { url = WebhookUrl, events = new[] { "alert.raised" } })).AssertStatus(HttpStatusCode.Created);
        _secrets.Add(created.Id);
        _secrets.Add(created.Str("secret"));
        return created.Id;
    }

    /// <summary>A failed delivery of a fresh subscription of A (written directly: no worker holds it while a retry is asked for).</summary>
    public async Task<(string Webhook, string Delivery)> FreshFailedDeliveryAsync()
    {
        var webhook = await FreshWebhookAsync();
        var now = App.Time.GetUtcNow();
        var delivery = new PartnerSupport.Alerts.WebhookMessage
        {
            Id = Guid.CreateVersion7(),
            SubscriptionId = Guid.Parse(webhook),
            EventType = "ping",
            Payload = "{}",
            CreatedAt = now,
            Status = PartnerSupport.Alerts.WebhookStatus.Failed,
            Attempts = 8,
            NextAttemptAt = now,
            LastError = "HTTP 500",
        };
        await App.WithDbAsync(async db =>
        {
            db.WebhookMessages.Add(delivery);
            return await db.SaveChangesAsync();
        });
        _secrets.Add(delivery.Id.ToString());
        return (webhook, delivery.Id.ToString());
    }

    /// <summary>For the fuzz tests: a contract nobody but its buyer holds, and an activation to reject.</summary>
    public Purchase? FuzzPurchase { get; private set; }

    public string FuzzActivation { get; private set; } = "";

    /// <summary>An account of B, for the fuzzing of role changes (B's own admin stays untouched).</summary>
    public string FuzzUserId { get; private set; } = "";

    /// <summary>A fresh account of A without roles, for role changes.</summary>
    public async Task<string> FreshUserOfAAsync() =>
        (await Operator.PostAsync($"/v1/organizations/{OrgA}/users",
            new { email = Unique("colleague") + "@woodgrove.example", displayName = "Colleague", accountType = "work", roles = Array.Empty<string>(), password = TestApp.Password }))
        .AssertStatus(HttpStatusCode.Created).Id;

    /// <summary>A fresh personal account that started enrolling a second factor: its portal session and its app's current code.</summary>
    public async Task<(PortalSession Session, string Code)> FreshEnrolmentAsync()
    {
        var email = Unique("enrolling") + "@example.org";
        (await Operator.PostAsync("/v1/users", new { email, displayName = "Enrolling", accountType = "personal", roles = Array.Empty<string>(), password = TestApp.Password }))
            .AssertStatus(HttpStatusCode.Created);
        var api = await App.SignInAsync(email);
        var secret = (await api.PostAsync("/v1/account/mfa/totp")).AssertStatus(HttpStatusCode.OK).Str("secret");
        var session = await PortalSession.SignedInAsync(App, email);
        return (session, PartnerSupport.Accounts.Totp.Code(Authenticator.FromBase32(secret), PartnerSupport.Accounts.Totp.StepAt(App.Time.GetUtcNow())));
    }

    /// <summary>A fresh API key of A, for revocation.</summary>
    public async Task<string> FreshApiKeyOfAAsync() =>
        (await Operator.PostAsync($"/v1/organizations/{OrgA}/apikeys", new { name = Unique("key"), roles = new[] { "adminAgent" } }))
        .AssertStatus(HttpStatusCode.Created).Id;

    public async Task<string> FreshInvitationOfAAsync() =>
        (await Operator.PostAsync($"/v1/organizations/{OrgA}/invitations", new { email = Unique("invitee") + "@woodgrove.example", roles = new[] { "adminAgent" } }))
        .AssertStatus(HttpStatusCode.Created).Id;

    public async Task PrepareFuzzAsync()
    {
        if (FuzzUserId.Length == 0)
            FuzzUserId = (await Operator.PostAsync($"/v1/organizations/{OrgB}/users",
                new { email = Unique("fuzz.colleague") + "@litware.example", displayName = "Fuzz Colleague", accountType = "work", roles = Array.Empty<string>(), password = TestApp.Password }))
                .AssertStatus(HttpStatusCode.Created).Id;
        FuzzPurchase ??= await FreshPurchaseAsync();
        if (FuzzActivation.Length == 0)
            FuzzActivation = await FreshPendingActivationAsync();
    }

    /// <summary>A Cloud Solution Provider request of A (no contract, no incident), open or closed.</summary>
    public async Task<string> FreshCspRequestAsync(bool closed = false)
    {
        var engineer = Api(Who.NoRole);
        var id = (await engineer.PostAsync("/v1/servicerequests/en-US", CspRequestBody())).AssertStatus(HttpStatusCode.Created).Id;
        if (closed)
            (await engineer.PatchAsync($"/v1/servicerequests/{id}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
        _secrets.Add(id);
        return id;
    }
}

public sealed record Purchase(string Id, string AccessId, string ContractId, string BuyerLinkId);
