using System.ComponentModel;
using PartnerSupport.Contracts;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class ContractEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Support contracts");

        api.MapPost("/supportcontracts/links", (LinkContractInput body, LinkContract uc, TimeProvider time, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, http.Connection.RemoteIpAddress?.ToString(), ct).Respond(http, c =>
                TypedResults.Created($"/v1/supportcontracts/{c.Id}", SupportContractDto.From(new ContractView(c, c.StatusOn(Common.TimeProviderExtensions.Today(time)), null)))))
            .WithName("LinkContract")
            .WithSummary("Link a support contract with its Access ID and Contract ID")
            .WithDescription("Any signed-in account, work or personal: holding both IDs is what entitles it. Typing is forgiving (case, spaces, O/0, I/L/1). "
                + "A wrong pair is 404 `contract-not-found` whichever ID is wrong; five wrong pairs per account (twenty per client address) "
                + "in 15 minutes give 429 `too-many-attempts` with `Retry-After`.")
            .WithRequestExample(new LinkContractInput("7KQ2M-9XTRB-4HCVD-1PZ6W", "3NF8J-QW5TY-0GKRA-E2M7X"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status404NotFound, "contract-not-found")
            .Refuses(StatusCodes.Status409Conflict, "contract-already-linked", "contract-expired", "contract-exhausted")
            .Refuses(StatusCodes.Status429TooManyRequests, "too-many-attempts");

        api.MapGet("/supportcontracts", ([Description("Judge each contract for a request about this product (adds the reason `productNotCovered`).")] Guid? productId,
                ListContracts uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), productId, ct).Respond(http, list => TypedResults.Ok(LinkedContractsDto.From(list))))
            .WithName("ListLinkedContracts")
            .WithSummary("The contracts linked to the caller")
            .WithDescription("Any signed-in account. Contracts that cannot take a request now are listed under `unavailable`, each with its `reason`.")
            .Refuses(StatusCodes.Status400BadRequest, "malformed-request")
            .Refuses(StatusCodes.Status404NotFound, "product-not-found");

        api.MapGet("/supportcontracts/{id:guid}", (Guid id, GetContract uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, c => TypedResults.Ok(SupportContractDto.From(c))))
            .WithName("GetContract")
            .WithSummary("A support contract and its balance")
            .WithDescription("The accounts that linked it, its organization's users, operators; anyone else gets 404.")
            .Refuses(StatusCodes.Status404NotFound, "contract-not-found");

        api.MapPatch("/supportcontracts/{id:guid}", (Guid id, ContractSettingsInput body, SetDecrementOn uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).Respond(http, c => TypedResults.Ok(SupportContractDto.From(c))))
            .WithName("SetDecrementOn")
            .WithSummary("Choose when the contract's incidents are taken")
            .WithDescription("Operators. `decrementOn`: `creation` (default) or `resolution`; refused while requests charged to the contract are open.")
            .WithRequestExample(new ContractSettingsInput("resolution"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "contract-not-found")
            .Refuses(StatusCodes.Status409Conflict, "contract-has-open-requests");

        api.MapGet("/supportcontracts/{id:guid}/links", (Guid id, ListContractLinks uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(ContractLinkDto.From)))))
            .WithName("ListContractLinks")
            .WithSummary("The accounts that linked the contract")
            .WithDescription("Operators, and the `globalAdmin` or `mpnPartnerAdmin` of the contract's organization (its other users: 403; other organizations: 404). Oldest link first.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "contract-not-found");

        api.MapDelete("/supportcontracts/{id:guid}/links/{linkId:guid}", (Guid id, Guid linkId, RevokeContractLink uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, linkId, ct).Respond(http, _ => TypedResults.NoContent()))
            .WithName("RevokeContractLink")
            .WithSummary("Revoke an account's link")
            .WithDescription("As for listing the links. The account's requests stay; it can open no new ones with this contract.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "contract-not-found", "link-not-found");

        api.MapGet("/supportcontracts/{id:guid}/ledger", (Guid id, GetLedger uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(LedgerEntryDto.From)))))
            .WithName("GetLedger")
            .WithSummary("Every change of the contract's balance")
            .WithDescription("Whoever may read the contract. Oldest first; each entry says who, why, and the balance after it.")
            .Refuses(StatusCodes.Status404NotFound, "contract-not-found");
    }
}
