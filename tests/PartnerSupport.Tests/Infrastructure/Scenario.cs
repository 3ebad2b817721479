using System.Globalization;
using System.Net;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// The one way the tests build their data: through the public API, the way the back office and
/// partners would (an organization with users, memberships, products, activated benefits, linked
/// contracts, CSP customers, requests), on the hosted app or on a real server process alike.
/// </summary>
public sealed class Scenario(ApiClient op, Func<string, Task<ApiClient>> signIn, Func<DateOnly> today)
{
    public const string CspPlan = "cloudSolutionProvider";

    // Process-wide, so partner IDs, e-mail domains and product families never collide in one database.
    private static int _partnerIds = 5_000_000;
    private static int _unique;

    /// <summary>On the hosted app, with an operator client of the test's own (one from a given address, say).</summary>
    public Scenario(TestApp app, ApiClient op)
        : this(op, email => app.SignInAsync(email), app.Today)
    {
    }

    public ApiClient Operator { get; } = op;

    public static async Task<Scenario> StartAsync(TestApp app) => new(app, await app.OperatorAsync());

    public static async Task<Scenario> StartAsync(ServerProcess server) =>
        new(await server.OperatorAsync(), email => server.SignInAsync(email), () => DateOnly.FromDateTime(DateTime.UtcNow));

    private static string Next() => Interlocked.Increment(ref _unique).ToString(CultureInfo.InvariantCulture);

    public async Task<string> OrganizationAsync(string name = "Fabrikam", params string[] programs)
    {
        var partnerId = Interlocked.Increment(ref _partnerIds).ToString(CultureInfo.InvariantCulture);
        var response = await Operator.PostAsync("/v1/organizations", new
        {
            name,
            partnerId,
            programs = programs.Length == 0 ? ["mpn"] : programs,
            countryCode = "BR",
        });
        return response.AssertStatus(HttpStatusCode.Created).Id;
    }

    /// <summary>Creates an account (personal when <paramref name="organizationId"/> is null) and returns it signed in.</summary>
    public async Task<ApiClient> UserAsync(string? organizationId, string email, params string[] roles)
    {
        await AccountAsync(organizationId, email, "Test " + email.Split('@')[0], roles);
        return await signIn(email);
    }

    /// <summary>Creates an account nobody signs in to yet.</summary>
    public async Task AccountAsync(string? organizationId, string email, string displayName, params string[] roles)
    {
        var body = new { email, displayName, accountType = organizationId is null ? "personal" : "work", roles, password = TestApp.Password };
        var path = organizationId is null ? "/v1/users" : $"/v1/organizations/{organizationId}/users";
        (await Operator.PostAsync(path, body)).AssertStatus(HttpStatusCode.Created);
    }

    public async Task<string> MembershipAsync(string organizationId, string offer, string? competency, DateOnly? start = null, DateOnly? end = null)
    {
        var day = today();
        var response = await Operator.PostAsync($"/v1/organizations/{organizationId}/memberships", new
        {
            offer,
            competency,
            startDate = start ?? day.AddDays(-10),
            endDate = end ?? day.AddYears(1),
        });
        return response.AssertStatus(HttpStatusCode.Created).Id;
    }

    public async Task<string> ProductAsync(string family, string version, string kind = "onPremises", string? workload = null)
    {
        var response = await Operator.PostAsync("/v1/products", new { name = $"{family} {version}", family, version, kind, workload });
        return response.AssertStatus(HttpStatusCode.Created).Id;
    }

    /// <summary>A covered on-premises product, the only version of a family of its own.</summary>
    public Task<string> ProductAsync() => ProductAsync("Accounting Server " + Next(), "2025");

    public Task<string> CloudProductAsync(string family, string workload = "Azure") =>
        ProductAsync(family, "current", "cloud", workload);

    /// <summary>Activates the benefit of that type and waits for the worker to complete it.</summary>
    public async Task<ActivatedBenefit> ActivateAsync(ApiClient admin, string type = "productSupport")
    {
        var (benefitId, _) = await RequestActivationAsync(admin, type);
        return await WaitForActiveAsync(admin, benefitId);
    }

    /// <summary>Asks for the activation of the benefit of that type and returns without waiting for the worker.</summary>
    public static async Task<(string BenefitId, string ActivationId)> RequestActivationAsync(ApiClient admin, string type = "productSupport")
    {
        var benefit = (await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items()
            .Single(b => b!.Str("type") == type)!.Str("id");
        return (benefit, (await admin.PostAsync($"/v1/benefits/{benefit}/activate")).AssertStatus(HttpStatusCode.Accepted).Id);
    }

    public static async Task<ActivatedBenefit> WaitForActiveAsync(ApiClient admin, string benefitId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var benefit = (await admin.GetAsync("/v1/benefits")).Items().Single(b => b!.Str("id") == benefitId)!;
            if (benefit["accessId"] is not null)
                return new ActivatedBenefit(benefitId, benefit.Str("accessId"), benefit.Str("contractId"), benefit.Str("supportContractId"));
            await Task.Delay(50);
        }
        throw new TimeoutException($"Benefit {benefitId} was not activated in time.");
    }

    /// <summary>Links the activated contract to each of the users.</summary>
    public static async Task LinkAsync(ActivatedBenefit contract, params ApiClient[] users)
    {
        foreach (var user in users)
            (await user.LinkAsync(contract)).AssertStatus(HttpStatusCode.Created);
    }

    /// <summary>
    /// A fresh organization whose <paramref name="offer"/> benefit of <paramref name="type"/> is
    /// activated and linked by its global admin and by <paramref name="engineers"/> more users.
    /// </summary>
    public async Task<LinkedContract> LinkedContractAsync(
        string offer = "actionPack", string? competency = null, int engineers = 0, DateOnly? endDate = null, string type = "productSupport")
    {
        var org = await OrganizationAsync("Contoso");
        var domain = $"org{Next()}.example";
        var adminEmail = $"admin@{domain}";
        var admin = await UserAsync(org, adminEmail, "globalAdmin");
        await MembershipAsync(org, offer, competency, end: endDate);
        var ids = await ActivateAsync(admin, type);

        var users = new List<ApiClient> { admin };
        var emails = new List<string> { adminEmail };
        for (var i = 1; i <= engineers; i++)
        {
            var email = $"engineer{i}@{domain}";
            users.Add(await UserAsync(org, email));
            emails.Add(email);
        }
        await LinkAsync(ids, [.. users]);
        return new LinkedContract(org, ids.SupportContractId, users, emails);
    }

    /// <summary>A gold MPN organization with an admin and an engineer who both hold its activated contract, and a covered product.</summary>
    public async Task<PartnerWithContract> PartnerWithContractAsync(string name)
    {
        var n = Next();
        var org = await OrganizationAsync(name);
        var (adminEmail, engineerEmail) = ($"admin{n}@partner{n}.example", $"engineer{n}@partner{n}.example");
        var admin = await UserAsync(org, adminEmail, "globalAdmin");
        var engineer = await UserAsync(org, engineerEmail);
        await MembershipAsync(org, "gold", "Data Analytics");
        var product = await ProductAsync($"SQL Server {n}", "2022");
        var contract = await ActivateAsync(admin);
        await LinkAsync(contract, admin, engineer);
        return new PartnerWithContract(org, name, admin, engineer, contract, product, adminEmail, engineerEmail);
    }

    /// <summary>Registers a CSP customer of the organization (back office); returns its tenant as stored.</summary>
    public async Task<string> CustomerAsync(string organizationId, string tenantId, string name = "Northwind Traders") =>
        (await Operator.PostAsync($"/v1/organizations/{organizationId}/customers", new { name, tenantId, countryCode = "BR" }))
            .AssertStatus(HttpStatusCode.Created).Str("tenantId");

    /// <summary>Opens an on-premises request on the contract as <paramref name="client"/>; returns its id.</summary>
    public static async Task<string> ServiceRequestAsync(ApiClient client, string productId, string? contractId, string title = "Server does not start") =>
        (await client.PostAsync("/v1/servicerequests/en-US", Request(productId, contractId, title))).AssertStatus(HttpStatusCode.Created).Id;

    public static object Request(string productId, string? contractId, string title = "Server does not start") => new
    {
        title,
        description = "Event log shows error 41 after the update.",
        severity = "moderate",
        productId,
        supportContractId = contractId,
    };

    /// <summary>A cloud request body of API.md, with every optional member the tests vary.</summary>
    public static object CloudRequest(
        string productId, string? supportContractId = null, string? supportPlan = null, string? workload = null, string? supportTopicId = null,
        string title = "Virtual machine does not start") => new
        {
            title,
            description = "The portal shows the VM as failed after a resize.",
            severity = "moderate",
            productId,
            supportContractId,
            supportPlan,
            supportTopicId,
            workload,
        };
}

public sealed record ActivatedBenefit(string BenefitId, string AccessId, string ContractId, string SupportContractId);

/// <summary>A contract linked by the users of one organization; Users[0] is its global admin.</summary>
public sealed record LinkedContract(string OrganizationId, string ContractId, IReadOnlyList<ApiClient> Users, IReadOnlyList<string> Emails)
{
    public ApiClient Admin => Users[0];
    public string AdminEmail => Emails[0];
}

/// <summary>An MPN organization with an admin, an engineer, an activated on-premises contract both hold, and a covered product.</summary>
public sealed record PartnerWithContract(string OrganizationId, string Name, ApiClient Admin, ApiClient Engineer, ActivatedBenefit Contract, string ProductId, string AdminEmail, string EngineerEmail)
{
    /// <summary>Opens a request as the engineer and answers it as the API does.</summary>
    public async Task<ApiResponse> OpenAsync(string severity = "moderate", string title = "Cluster lost quorum")
    {
        var response = await Engineer.PostAsync("/v1/servicerequests/en-US", new
        {
            title,
            description = "Failover stopped after the update.",
            severity,
            productId = ProductId,
            supportContractId = Contract.SupportContractId,
        });
        return response.AssertStatus(HttpStatusCode.Created);
    }
}
