using PartnerSupport.Accounts;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

/// <summary>An organization's accounts and API keys, run by its global admins (and operators).</summary>
public static class OrganizationAccountEndpoints
{
    private const string Who = "Operators, and the organization's own `globalAdmin` (not through an API key). ";

    public static void Map(RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("/organizations/{id:guid}").WithTags("Organization accounts");

        api.MapGet("/users", (Guid id, ListOrganizationUsers uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, users => TypedResults.Ok(ItemsDto.Of(users.Select(OrganizationUserDto.From)))))
            .WithName("ListOrganizationUsers")
            .WithSummary("The organization's accounts")
            .WithDescription(Who + "Ordered by display name; API keys are listed under `apikeys`.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found");

        api.MapPatch("/users/{userId:guid}", (Guid id, Guid userId, UpdateOrganizationUserInput body, UpdateOrganizationUser uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, userId, body, ct).Respond(http, u => TypedResults.Ok(OrganizationUserDto.From(u))))
            .WithName("UpdateOrganizationUser")
            .WithSummary("Change an account's roles, or disable it")
            .WithDescription(Who + "`roles` replaces the account's roles; `disabled: true` ends every session of the account at once. "
                + "The organization keeps at least one enabled `globalAdmin`: a change that would remove the last one is refused.")
            .WithRequestExample(new UpdateOrganizationUserInput(["mpnPartnerAdmin"], false))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found", "user-not-found")
            .Refuses(StatusCodes.Status409Conflict, "last-global-admin");

        api.MapPost("/apikeys", (Guid id, CreateApiKeyInput body, CreateApiKey uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).Respond(http, k => TypedResults.Created($"/v1/organizations/{id}/apikeys/{k.Key.Id}", CreatedApiKeyDto.From(k))))
            .WithName("CreateApiKey")
            .WithSummary("Create an API key")
            .WithDescription(Who + "`roles`: organization roles the key acts with. The key is in this answer only; "
                + "sent as `Authorization: Bearer <key>` it acts in this organization, and the audit trail names it.")
            .WithRequestExample(new CreateApiKeyInput("Ticketing system", ["adminAgent"], null))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found");

        api.MapGet("/apikeys", (Guid id, ListApiKeys uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, keys => TypedResults.Ok(ItemsDto.Of(keys.Select(ApiKeyDto.From)))))
            .WithName("ListApiKeys")
            .WithSummary("The organization's API keys")
            .WithDescription(Who + "Keys not revoked, newest first: prefix and last use, never the key.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found");

        api.MapDelete("/apikeys/{keyId:guid}", (Guid id, Guid keyId, RevokeApiKey uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, keyId, ct).Respond(http, _ => TypedResults.NoContent()))
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription(Who + "Every node refuses the key from the next request on.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found", "api-key-not-found");
    }
}
