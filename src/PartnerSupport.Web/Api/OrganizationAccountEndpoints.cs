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

        api.MapPost("/invitations", (Guid id, CreateInvitationInput body, CreateInvitation uc, TimeProvider time, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).Respond(http, i =>
                TypedResults.Created($"/v1/organizations/{id}/invitations/{i.Invitation.Id}", InvitationDto.From(i.Invitation, time.GetUtcNow()))))
            .WithName("CreateInvitation")
            .WithSummary("Invite a person into the organization")
            .WithDescription(Who + "`roles`: the organization roles the account will hold (operators use this for an organization's first `globalAdmin`). "
                + "An e-mail, in the inviter's language and sent even to people who turned notifications off, carries a one-time link to "
                + "`/account/invitation?token=...`, good for `Invitations:Lifetime` (default 7 days); the token is nowhere else, only its hash is kept. "
                + "The account is created when the invitation is accepted. Inviting the same e-mail again revokes the earlier pending invitation "
                + "and sends a new link; an e-mail that already has an account is refused (409 `email-taken`).")
            .WithRequestExample(new CreateInvitationInput("new.admin@contoso.example", ["globalAdmin"], "New Admin"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found")
            .Refuses(StatusCodes.Status409Conflict, "email-taken");

        api.MapGet("/invitations", (Guid id, ListInvitations uc, TimeProvider time, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(i => InvitationDto.From(i, time.GetUtcNow()))))))
            .WithName("ListInvitations")
            .WithSummary("The organization's invitations")
            .WithDescription(Who + "Every invitation, newest first, with its `status`: `pending`, `accepted`, `revoked` or `expired`; never a token.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found");

        api.MapDelete("/invitations/{invitationId:guid}", (Guid id, Guid invitationId, RevokeInvitation uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, invitationId, ct).Respond(http, _ => TypedResults.NoContent()))
            .WithName("RevokeInvitation")
            .WithSummary("Revoke an invitation")
            .WithDescription(Who + "The invitation's link stops working at once (accepting it answers `invitation-invalid`). "
                + "Only a pending invitation can be revoked.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "organization-not-found", "invitation-not-found")
            .Refuses(StatusCodes.Status409Conflict, "invitation-not-pending");

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
