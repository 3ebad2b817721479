using System.Net;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// Builds the data a test needs through the public API, the way the back office and partners
/// would: an organization with users, memberships, products, activated benefits.
/// </summary>
public sealed class Scenario(TestApp app, ApiClient op)
{
    private static int _partnerIds = 5_000_000;

    public ApiClient Operator { get; } = op;

    public static async Task<Scenario> StartAsync(TestApp app) => new(app, await app.OperatorAsync());

    public async Task<string> OrganizationAsync(string name = "Fabrikam", params string[] programs)
    {
        var partnerId = Interlocked.Increment(ref _partnerIds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await Operator.PostAsync("/v1/organizations", new
        {
            name,
            partnerId,
            programs = programs.Length == 0 ? ["mpn"] : programs,
            countryCode = "BR",
        });
        return response.AssertStatus(HttpStatusCode.Created).Id;
    }

    /// <summary>Creates an account and returns it signed in.</summary>
    public async Task<ApiClient> UserAsync(string? organizationId, string email, params string[] roles)
    {
        var body = new { email, displayName = "Test " + email.Split('@')[0], accountType = organizationId is null ? "personal" : "work", roles, password = TestApp.Password };
        var path = organizationId is null ? "/v1/users" : $"/v1/organizations/{organizationId}/users";
        (await Operator.PostAsync(path, body)).AssertStatus(HttpStatusCode.Created);
        return await app.SignInAsync(email);
    }

    public async Task<string> MembershipAsync(string organizationId, string offer, string? competency, DateOnly? start = null, DateOnly? end = null)
    {
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        var response = await Operator.PostAsync($"/v1/organizations/{organizationId}/memberships", new
        {
            offer,
            competency,
            startDate = start ?? today.AddDays(-10),
            endDate = end ?? today.AddYears(1),
        });
        return response.AssertStatus(HttpStatusCode.Created).Id;
    }

    public async Task<string> ProductAsync(string family, string version, string kind = "onPremises", string? workload = null)
    {
        var response = await Operator.PostAsync("/v1/products", new { name = $"{family} {version}", family, version, kind, workload });
        return response.AssertStatus(HttpStatusCode.Created).Id;
    }

    /// <summary>Activates the benefit of that type and waits for the worker to complete it.</summary>
    public async Task<ActivatedBenefit> ActivateAsync(ApiClient admin, string type = "productSupport")
    {
        var benefit = (await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items()
            .Single(b => b!.Str("type") == type)!;
        (await admin.PostAsync($"/v1/benefits/{benefit.Str("id")}/activate")).AssertStatus(HttpStatusCode.Accepted);
        return await WaitForActiveAsync(admin, benefit.Str("id"));
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

    public static object Request(string productId, string? contractId, string title = "Server does not start") => new
    {
        title,
        description = "Event log shows error 41 after the update.",
        severity = "moderate",
        productId,
        supportContractId = contractId,
    };
}

public sealed record ActivatedBenefit(string BenefitId, string AccessId, string ContractId, string SupportContractId);
