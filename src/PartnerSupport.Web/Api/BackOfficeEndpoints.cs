using System.ComponentModel;
using PartnerSupport.Accounts;
using PartnerSupport.Audit;
using PartnerSupport.Entitlements;
using PartnerSupport.Organizations;
using PartnerSupport.Products;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

/// <summary>The program's back office: organizations, accounts, memberships, products, activations.</summary>
public static class BackOfficeEndpoints
{
    public sealed record RejectRequest(string? Reason);

    public static void Map(RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Back office");

        api.MapPost("/organizations", (CreateOrganizationInput body, CreateOrganization uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, ct).Respond(http, o => TypedResults.Created($"/v1/organizations/{o.Id}", OrganizationDto.From(o))))
            .WithName("CreateOrganization")
            .WithSummary("Register a partner organization")
            .WithDescription("Operators. `programs`: `mpn` and/or `csp`; `countryCode`: ISO 3166 two letters.")
            .WithRequestExample(new CreateOrganizationInput("Contoso", "4512345", ["mpn", "csp"], "BR"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status409Conflict, "partner-id-taken");

        api.MapGet("/organizations/{id:guid}", (Guid id, GetOrganization uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, o => TypedResults.Ok(OrganizationDto.From(o))))
            .WithName("GetOrganization")
            .WithSummary("An organization")
            .WithDescription("Operators, and the organization's own users; any other caller gets 404.")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found");

        api.MapPost("/organizations/{id:guid}/users", (Guid id, CreateUserInput body, CreateUser uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).Respond(http, u => TypedResults.Created($"/v1/users/{u.Id}", UserDto.From(u))))
            .WithName("CreateOrganizationUser")
            .WithSummary("Create an account in an organization")
            .WithDescription("Operators. `accountType`: `work` (default here) or `personal`; `roles`: any of `globalAdmin`, `mpnPartnerAdmin`, `adminAgent`, or none. "
                + "The password needs at least 10 characters with upper case, lower case and a digit.")
            .WithRequestExample(new CreateUserInput("avery@contoso.example", "Avery Admin", "work", ["globalAdmin"], "Choose-A-Passw0rd"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found")
            .Refuses(StatusCodes.Status409Conflict, "email-taken");

        api.MapPost("/users", (CreateUserInput body, CreateUser uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), null, body, ct).Respond(http, u => TypedResults.Created($"/v1/users/{u.Id}", UserDto.From(u))))
            .WithName("CreatePersonalUser")
            .WithSummary("Create a personal account")
            .WithDescription("Operators. An account that belongs to no organization: `accountType` `personal` (or absent), no roles.")
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status409Conflict, "email-taken");

        api.MapPost("/organizations/{id:guid}/memberships", (Guid id, AddMembershipInput body, AddMembership uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).Respond(http, m => TypedResults.Created($"/v1/organizations/{id}/memberships/{m.Id}", MembershipDto.From(m))))
            .WithName("AddMembership")
            .WithSummary("Record a membership offer")
            .WithDescription("Operators. `offer`: `actionPack` (no competency), `silver` or `gold` (a competency is required). "
                + "The benefit catalog grants the membership's benefits at once.")
            .WithRequestExample(new AddMembershipInput("gold", "Cloud Platform", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found");

        api.MapPost("/products", (CreateProductInput body, CreateProduct uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, ct).Respond(http, p => TypedResults.Created($"/v1/products/{p.Id}", ProductDto.From(new ProductView(p, true)))))
            .WithName("CreateProduct")
            .WithSummary("Add a product")
            .WithDescription("Operators. `kind`: `onPremises` or `cloud`. One family and version is one product.")
            .WithRequestExample(new CreateProductInput("SQL Server 2025", "SQL Server", "2025", "onPremises", null))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status409Conflict, "product-exists");

        api.MapGet("/products", ([Description("Only products of this kind.")][OneOf("onPremises", "cloud")] string? kind, ListProducts uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(kind, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(ProductDto.From)))))
            .WithName("ListProducts")
            .WithSummary("Products")
            .WithDescription("Any signed-in account. By family, newest version first; `covered` is false for on-premises versions older than N-1.")
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed");

        api.MapGet("/activations", ([Description("Only activations in this state.")][OneOf(typeof(ActivationStatus))] string? status, ListActivations uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), status, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(ActivationDto.From)))))
            .WithName("ListActivations")
            .WithSummary("Activation requests")
            .WithDescription("Operators. Oldest first, at most 500.")
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");

        api.MapPost("/activations/{id:guid}/approve", (Guid id, CompleteActivation uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, a => TypedResults.Ok(ActivationDto.From(a))))
            .WithName("ApproveActivation")
            .WithSummary("Approve a pending activation")
            .WithDescription("Operators. Creates the support contract (Access ID, Contract ID, incidents in the ledger). "
                + "A membership that ended meanwhile rejects the activation instead: 409 `membership-ended`.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "activation-not-found")
            .Refuses(StatusCodes.Status409Conflict, "activation-not-pending", "membership-ended");

        api.MapGet("/audit", (
                [Description("Only entries by this actor (an e-mail, or `system`).")] string? actor,
                [Description("Only entries of this action, such as `plan.purchase`.")] string? action,
                [Description("Only entries older than this one: the `before` of the previous page.")] long? before,
                ListAudit uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), actor, action, before, ct).Respond(http, page => TypedResults.Ok(AuditPageDto.From(page))))
            .WithName("ListAudit")
            .WithSummary("The audit trail")
            .WithDescription("Operators. Who did what, when, from where; newest first, 100 a page.")
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed", "malformed-request")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");

        api.MapPost("/activations/{id:guid}/reject", (Guid id, RejectRequest body, RejectActivation uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body.Reason, ct).Respond(http, a => TypedResults.Ok(ActivationDto.From(a))))
            .WithName("RejectActivation")
            .WithSummary("Reject a pending activation")
            .WithDescription("Operators. The partner sees the reason on the benefit and may ask again.")
            .WithRequestExample(new RejectRequest("The membership could not be verified."))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "activation-not-found")
            .Refuses(StatusCodes.Status409Conflict, "activation-not-pending");
    }
}
