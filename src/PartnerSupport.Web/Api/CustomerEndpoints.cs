using System.ComponentModel;
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
        var customers = v1.MapGroup("").WithTags("CSP customers");

        customers.MapPost("/organizations/{id:guid}/customers", (Guid id, CreateCustomerInput body, CreateCustomer uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).Respond(http, c => TypedResults.Created($"/v1/customers/{c.TenantId}", CustomerDto.From(c))))
            .WithName("CreateCustomer")
            .WithSummary("Register a CSP customer of an organization")
            .WithDescription("Operators. The organization must be in the `csp` program; `tenantId` is the customer's tenant ID or domain, unique per organization.")
            .WithRequestExample(new CreateCustomerInput("Northwind Traders", "northwind.example", "BR"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found")
            .Refuses(StatusCodes.Status409Conflict, "customer-exists");

        customers.MapGet("/customers", (ListCustomers uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(CustomerDto.From)))))
            .WithName("ListCustomers")
            .WithSummary("The organization's CSP customers")
            .WithDescription("`adminAgent` users of an organization; others 403. By name.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");

        customers.MapGet("/customers/{customerTenantId}/servicerequests", (string customerTenantId, ListCustomerServiceRequests uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), customerTenantId, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(ServiceRequestDto.From)))))
            .WithName("ListCustomerServiceRequests")
            .WithSummary("A CSP customer's service requests")
            .WithDescription("`adminAgent` users of the customer's organization (others 403; another organization's customer: 404). Newest first, at most 200.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "customer-not-found");

        customers.MapPost("/customers/{customerTenantId}/servicerequests/{agentLocale}", (string customerTenantId,
                [Description("The language the support engineer should speak, such as `en-US`.")] string agentLocale, CreateServiceRequestInput body,
                [FromHeader(Name = "Idempotency-Key"), Description("As for `POST /v1/servicerequests/{agentLocale}`.")] string? idempotencyKey,
                CreateCustomerServiceRequest uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), customerTenantId, agentLocale, body, idempotencyKey, ct).Respond(http, r =>
                TypedResults.Created($"/v1/servicerequests/{r.Request.Id}", ServiceRequestDto.From(r))))
            .WithName("CreateCustomerServiceRequest")
            .WithSummary("Open a service request for a CSP customer")
            .WithDescription("`adminAgent` users of the customer's organization. The body of `POST /v1/servicerequests/{agentLocale}` plus `workload` "
                + "(`azure`, `microsoft365`, `dynamics365`); Azure requests may use `supportPlan: \"cloudSolutionProvider\"`, the others need a contract.")
            .WithRequestExample(new CreateServiceRequestInput("Scale set stuck", "The scale set does not scale out.", "minimal",
                new Guid("0193a2f0-7e30-7d5c-9f60-4b8cad3e5f70"), null, CreateServiceRequest.CspPlan, null, "azure"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "customer-not-found")
            .Refuses(StatusCodes.Status409Conflict, "no-incidents-remaining", "contract-expired", "contract-not-started", "idempotency-key-in-use")
            .Refuses(StatusCodes.Status422UnprocessableEntity, "product-not-found", "product-not-covered", "idempotency-key-reused");

        customers.MapGet("/workloads", () =>
            TypedResults.Ok(ItemsDto.Of(Workloads.All.Select(WorkloadDto.From))))
            .WithName("ListWorkloads")
            .WithSummary("Where a CSP customer's request goes")
            .WithDescription("Any signed-in account.");

        var plans = v1.MapGroup("").WithTags("Support plans");

        plans.MapGet("/supportplans", (BenefitCatalog catalog) =>
            TypedResults.Ok(ItemsDto.Of(catalog.Plans.Select(SupportPlanDto.From))))
            .WithName("ListSupportPlans")
            .WithSummary("The paid partner support plans")
            .WithDescription("Any signed-in account.");

        plans.MapPost("/supportplans/{id}/purchase", ([Description("A plan's `id`, such as `premier` or `advanced`.")] string id, PurchasePlan uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, c => TypedResults.Created($"/v1/supportcontracts/{c.Contract.Id}", SupportContractDto.From(c))))
            .WithName("PurchasePlan")
            .WithSummary("Buy a partner support plan")
            .WithDescription("`globalAdmin` or `mpnPartnerAdmin` of an organization; others 403. Yields a contract (source `purchase`) linked at once to the buyer.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "plan-not-found");
    }
}
