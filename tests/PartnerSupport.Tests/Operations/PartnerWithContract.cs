using System.Net;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>An MPN organization with an admin, an engineer, an activated on-premises contract both hold, and a covered product.</summary>
public sealed record PartnerWithContract(string OrganizationId, string Name, ApiClient Admin, ApiClient Engineer, ActivatedBenefit Contract, string ProductId, string AdminEmail, string EngineerEmail)
{
    private static int _next;

    public static async Task<PartnerWithContract> CreateAsync(Scenario s, string name)
    {
        var n = Interlocked.Increment(ref _next);
        var org = await s.OrganizationAsync(name);
        var (adminEmail, engineerEmail) = ($"admin{n}@partner{n}.example", $"engineer{n}@partner{n}.example");
        var admin = await s.UserAsync(org, adminEmail, "globalAdmin");
        var engineer = await s.UserAsync(org, engineerEmail);
        await s.MembershipAsync(org, "gold", "Data Analytics");
        var product = await s.ProductAsync($"SQL Server {n}", "2022");
        var contract = await s.ActivateAsync(admin);
        foreach (var user in new[] { admin, engineer })
            (await user.PostAsync("/v1/supportcontracts/links", new { accessId = contract.AccessId, contractId = contract.ContractId })).AssertStatus(HttpStatusCode.Created);
        return new PartnerWithContract(org, name, admin, engineer, contract, product, adminEmail, engineerEmail);
    }

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
