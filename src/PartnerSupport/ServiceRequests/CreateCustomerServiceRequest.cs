using PartnerSupport.Common;
using PartnerSupport.Customers;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

/// <summary>
/// An admin agent opens a request for a CSP customer: Customers, the customer, Service
/// management, New request, choose the workload, add a contract (or the Cloud Solution Provider
/// plan where the workload allows it), create.
/// </summary>
public sealed class CreateCustomerServiceRequest(AppDbContext db, CreateServiceRequest create)
{
    public async Task<Result<ServiceRequestView>> RunAsync(
        Caller caller, string tenantId, string agentLocale, CreateServiceRequestInput input, string? idempotencyKey, CancellationToken ct = default)
    {
        var customer = await ListCustomers.FindAsync(db, caller, tenantId, ct);
        if (!customer.IsSuccess)
            return customer.Error!;
        var workload = Workloads.Find(input.Workload);
        if (workload is null)
            return Error.Validation("workload", "must be one of " + string.Join(", ", Workloads.All.Select(w => w.Id)));
        if (input.SupportPlan == CreateServiceRequest.CspPlan && !workload.CspPlanAllowed)
            return Error.Validation("supportContractId", $"{workload.Name} requests need a support contract");
        return await create.RunAsync(caller, agentLocale, input, idempotencyKey, new CustomerContext(customer.Value.TenantId, workload), ct);
    }
}

public sealed record CustomerContext(string TenantId, Workload Workload);
