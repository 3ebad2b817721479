using System.Globalization;
using System.Net;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.CloudAndCsp;

/// <summary>The few steps the cloud, CSP and plan tests repeat, spelled as a client would send them.</summary>
internal static class CloudSteps
{
    public const string CspPlan = "cloudSolutionProvider";

    /// <summary>
    /// An account signed in from a client address of the test's choosing. The in-process
    /// TestServer leaves HttpContext.Connection.RemoteIpAddress null for ordinary clients; this
    /// handler sets it on every request, as Kestrel would for a real connection.
    /// </summary>
    public static async Task<ApiClient> SignInFromAsync(this TestApp app, string email, string address)
    {
        var handler = app.Server.CreateHandler(http => http.Connection.RemoteIpAddress = IPAddress.Parse(address));
        var client = new ApiClient(new HttpClient(handler) { BaseAddress = app.Server.BaseAddress });
        await client.SignInAsync(email, TestApp.Password);
        return client;
    }

    public static Task<ApiResponse> LinkAsync(this ApiClient client, string accessId, string contractId) =>
        client.PostAsync("/v1/supportcontracts/links", new { accessId, contractId });

    public static Task<ApiResponse> LinkAsync(this ApiClient client, ActivatedBenefit ids) =>
        client.LinkAsync(ids.AccessId, ids.ContractId);

    /// <summary>A request body of API.md, with every optional member the tests vary.</summary>
    public static object Request(
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

    public static Task<string> CloudProductAsync(this Scenario s, string family, string workload = "Azure") =>
        s.ProductAsync(family, "current", "cloud", workload);

    public static DateOnly Today(this TestApp app) => DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);

    public static string Iso(this DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Detail(this ApiResponse response) => response.Str("detail");

    public static async Task<int> LedgerCountAsync(this ApiClient client, string supportContractId) =>
        (await client.GetAsync($"/v1/supportcontracts/{supportContractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items().Count;

    /// <summary>Registers a CSP customer of the organization (back office); returns its tenant as stored.</summary>
    public static async Task<string> CustomerAsync(this Scenario s, string organizationId, string tenantId, string name = "Northwind Traders") =>
        (await s.Operator.PostAsync($"/v1/organizations/{organizationId}/customers", new { name, tenantId, countryCode = "BR" }))
            .AssertStatus(HttpStatusCode.Created).Str("tenantId");
}
