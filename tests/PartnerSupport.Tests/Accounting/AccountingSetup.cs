using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Accounting;

/// <summary>
/// Builds linked contracts through the public API on either kind of server (the hosted TestApp
/// or a real server process): an organization, its admin, a membership, the benefit activated by
/// the worker and the contract linked to the admin (and to more users of the organization).
/// </summary>
public sealed class AccountingSetup(ApiClient op, Func<string, Task<ApiClient>> signIn, Func<DateOnly> today)
{
    private static int _partnerIds = 7_000_000;
    private static int _products;
    private static int _domains;

    public ApiClient Operator { get; } = op;

    public static async Task<AccountingSetup> StartAsync(TestApp app) =>
        new(await app.OperatorAsync(), email => app.SignInAsync(email), () => DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime));

    public static async Task<AccountingSetup> StartAsync(ServerProcess server) =>
        new(await server.OperatorAsync(), email => server.SignInAsync(email), () => DateOnly.FromDateTime(DateTime.UtcNow));

    /// <summary>A covered on-premises product (the only version of its family).</summary>
    public async Task<string> ProductAsync()
    {
        var n = Interlocked.Increment(ref _products);
        var family = "Accounting Server " + n.ToString(CultureInfo.InvariantCulture);
        var response = await Operator.PostAsync("/v1/products", new { name = family + " 2025", family, version = "2025", kind = "onPremises", workload = (string?)null });
        return response.AssertStatus(HttpStatusCode.Created).Id;
    }

    public async Task<string> OrganizationAsync(string name = "Contoso")
    {
        var partnerId = Interlocked.Increment(ref _partnerIds).ToString(CultureInfo.InvariantCulture);
        var response = await Operator.PostAsync("/v1/organizations", new { name, partnerId, programs = new[] { "mpn" }, countryCode = "BR" });
        return response.AssertStatus(HttpStatusCode.Created).Id;
    }

    public async Task<ApiClient> UserAsync(string organizationId, string email, params string[] roles)
    {
        var body = new { email, displayName = "Test " + email.Split('@')[0], accountType = "work", roles, password = TestApp.Password };
        (await Operator.PostAsync($"/v1/organizations/{organizationId}/users", body)).AssertStatus(HttpStatusCode.Created);
        return await signIn(email);
    }

    /// <summary>
    /// A fresh organization whose <paramref name="offer"/> benefit of <paramref name="type"/> is
    /// activated and linked by its global admin and by <paramref name="engineers"/> more users.
    /// </summary>
    public async Task<LinkedContract> LinkedContractAsync(
        string offer = "actionPack", string? competency = null, int engineers = 0, DateOnly? endDate = null, string type = "productSupport")
    {
        var org = await OrganizationAsync();
        var domain = $"org{Interlocked.Increment(ref _domains).ToString(CultureInfo.InvariantCulture)}.example";
        var adminEmail = $"admin@{domain}";
        var admin = await UserAsync(org, adminEmail, "globalAdmin");
        var day = today();
        (await Operator.PostAsync($"/v1/organizations/{org}/memberships", new
        {
            offer,
            competency,
            startDate = day.AddDays(-10),
            endDate = endDate ?? day.AddYears(1),
        })).AssertStatus(HttpStatusCode.Created);

        var benefit = (await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items().Single(b => b!.Str("type") == type)!;
        (await admin.PostAsync($"/v1/benefits/{benefit.Str("id")}/activate")).AssertStatus(HttpStatusCode.Accepted);
        var ids = await Scenario.WaitForActiveAsync(admin, benefit.Str("id"));

        var users = new List<ApiClient> { admin };
        var emails = new List<string> { adminEmail };
        for (var i = 1; i <= engineers; i++)
        {
            var email = $"engineer{i}@{domain}";
            users.Add(await UserAsync(org, email));
            emails.Add(email);
        }
        foreach (var user in users)
            (await user.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
        return new LinkedContract(org, ids.SupportContractId, users, emails);
    }
}

/// <summary>A contract linked by the users of one organization; Users[0] is its global admin.</summary>
public sealed record LinkedContract(string OrganizationId, string ContractId, IReadOnlyList<ApiClient> Users, IReadOnlyList<string> Emails)
{
    public ApiClient Admin => Users[0];
    public string AdminEmail => Emails[0];
}

/// <summary>Reading a contract's balance and ledger as a client does, and what must always hold of them.</summary>
public static class Books
{
    public static object Request(string productId, string contractId, string title = "Server does not start") =>
        Scenario.Request(productId, contractId, title);

    public static Task<ApiResponse> CreateAsync(ApiClient client, string productId, string contractId, string? idempotencyKey = null, string title = "Server does not start") =>
        client.PostAsync("/v1/servicerequests/en-US", Request(productId, contractId, title),
            idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    public static async Task<int?> RemainingAsync(ApiClient client, string contractId) =>
        (await client.GetAsync($"/v1/supportcontracts/{contractId}")).AssertStatus(HttpStatusCode.OK).Int("remainingIncidents");

    public static async Task<List<JsonNode>> LedgerAsync(ApiClient client, string contractId) =>
        [.. (await client.GetAsync($"/v1/supportcontracts/{contractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items().Select(e => e!)];

    public static int Sum(IEnumerable<JsonNode> ledger) => ledger.Sum(e => e.Int("delta")!.Value);

    /// <summary>The shown balance is the ledger's sum, and each entry's balanceAfter is the running sum.</summary>
    public static async Task<List<JsonNode>> AssertBalancedAsync(ApiClient client, string contractId)
    {
        var remaining = await RemainingAsync(client, contractId);
        var ledger = await LedgerAsync(client, contractId);
        var running = 0;
        for (var i = 0; i < ledger.Count; i++)
        {
            running += ledger[i].Int("delta")!.Value;
            Assert.True(running >= 0, $"entry {i} takes the balance below zero: {ledger[i].ToJsonString()}");
            Assert.True(running == ledger[i].Int("balanceAfter"), $"entry {i} says balanceAfter {ledger[i].Int("balanceAfter")} but the running sum is {running}: {ledger[i].ToJsonString()}");
        }
        Assert.Equal(remaining, running);
        return ledger;
    }

    public static List<JsonNode> OfKind(this IEnumerable<JsonNode> ledger, string kind) => [.. ledger.Where(e => e.Str("kind") == kind)];
}
