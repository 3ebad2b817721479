using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Customers;
using PartnerSupport.Entitlements;
using PartnerSupport.Plans;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

/// <summary>CSP customers and their requests, workloads, and the paid partner plans.</summary>
public static class CustomerEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/organizations/{id:guid}/customers", (Guid id, CreateCustomerInput body, CreateCustomer uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).RespondLegacy(http, c => Results.Created($"/v1/customers/{c.TenantId}", Dtos.Customer(c))));

        v1.MapGet("/customers", (ListCustomers uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).RespondLegacy(http, items => Results.Ok(new { items = items.Select(Dtos.Customer) })));

        v1.MapGet("/customers/{customerTenantId}/servicerequests", (string customerTenantId, ListCustomerServiceRequests uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), customerTenantId, ct).RespondLegacy(http, items => Results.Ok(new { items = items.Select(Dtos.ServiceRequest) })));

        v1.MapPost("/customers/{customerTenantId}/servicerequests/{agentLocale}", (string customerTenantId, string agentLocale, CreateServiceRequestInput body,
                [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CreateCustomerServiceRequest uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), customerTenantId, agentLocale, body, idempotencyKey, ct).RespondLegacy(http, r =>
                Results.Created($"/v1/servicerequests/{r.Request.Id}", Dtos.ServiceRequest(r))));

        v1.MapGet("/workloads", () =>
            Results.Ok(new { items = Workloads.All.Select(w => new { w.Id, w.Name, w.Portal, w.CspPlanAllowed }) }));

        v1.MapGet("/supportplans", (BenefitCatalog catalog) =>
            Results.Ok(new { items = catalog.Plans.Select(Dtos.Plan) }));

        v1.MapPost("/supportplans/{id}/purchase", (string id, PurchasePlan uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).RespondLegacy(http, c => Results.Created($"/v1/supportcontracts/{c.Contract.Id}", Dtos.Contract(c))));
    }
}
