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
        v1.MapPost("/organizations", (CreateOrganizationInput body, CreateOrganization uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, ct).RespondLegacy(http, o => Results.Created($"/v1/organizations/{o.Id}", Dtos.Organization(o))));

        v1.MapGet("/organizations/{id:guid}", (Guid id, GetOrganization uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).RespondLegacy(http, o => Results.Ok(Dtos.Organization(o))));

        v1.MapPost("/organizations/{id:guid}/users", (Guid id, CreateUserInput body, CreateUser uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).RespondLegacy(http, u => Results.Created($"/v1/users/{u.Id}", Dtos.User(u))));

        v1.MapPost("/users", (CreateUserInput body, CreateUser uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), null, body, ct).RespondLegacy(http, u => Results.Created($"/v1/users/{u.Id}", Dtos.User(u))));

        v1.MapPost("/organizations/{id:guid}/memberships", (Guid id, AddMembershipInput body, AddMembership uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).RespondLegacy(http, m => Results.Created($"/v1/organizations/{id}/memberships/{m.Id}", Dtos.Membership(m))));

        v1.MapPost("/products", (CreateProductInput body, CreateProduct uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, ct).RespondLegacy(http, p => Results.Created($"/v1/products/{p.Id}", Dtos.Product(new ProductView(p, true)))));

        v1.MapGet("/products", (string? kind, ListProducts uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(kind, ct).RespondLegacy(http, items => Results.Ok(new { items = items.Select(Dtos.Product) })));

        v1.MapGet("/activations", (string? status, ListActivations uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), status, ct).RespondLegacy(http, items => Results.Ok(new { items = items.Select(Dtos.Activation) })));

        v1.MapPost("/activations/{id:guid}/approve", (Guid id, CompleteActivation uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).RespondLegacy(http, a => Results.Ok(Dtos.Activation(a))));

        v1.MapGet("/audit", (string? actor, string? action, long? before, ListAudit uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), actor, action, before, ct).RespondLegacy(http, page => Results.Ok(new
            {
                items = page.Items.Select(e => new { e.Id, At = e.At.UtcDateTime, e.Actor, e.ActorUserId, e.ClientAddress, e.Action, e.Target, e.Details }),
                before = page.Before,
            })));

        v1.MapPost("/activations/{id:guid}/reject", (Guid id, RejectRequest body, RejectActivation uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body.Reason, ct).RespondLegacy(http, a => Results.Ok(Dtos.Activation(a))));
    }
}
