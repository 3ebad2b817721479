using PartnerSupport.Contracts;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class ContractEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/supportcontracts/links", (LinkContractInput body, LinkContract uc, TimeProvider time, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, http.Connection.RemoteIpAddress?.ToString(), ct).RespondLegacy(http, c =>
                Results.Created($"/v1/supportcontracts/{c.Id}", Dtos.Contract(new ContractView(c, c.StatusOn(Common.TimeProviderExtensions.Today(time)), null)))));

        v1.MapGet("/supportcontracts", (Guid? productId, ListContracts uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), productId, ct).RespondLegacy(http, list => Results.Ok(new
            {
                available = list.Available.Select(Dtos.Contract),
                unavailable = list.Unavailable.Select(Dtos.Contract),
            })));

        v1.MapGet("/supportcontracts/{id:guid}", (Guid id, GetContract uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).RespondLegacy(http, c => Results.Ok(Dtos.Contract(c))));

        v1.MapPatch("/supportcontracts/{id:guid}", (Guid id, ContractSettingsInput body, SetDecrementOn uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, body, ct).RespondLegacy(http, c => Results.Ok(Dtos.Contract(c))));

        v1.MapGet("/supportcontracts/{id:guid}/links", (Guid id, ListContractLinks uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).RespondLegacy(http, items => Results.Ok(new { items = items.Select(Dtos.Link) })));

        v1.MapDelete("/supportcontracts/{id:guid}/links/{linkId:guid}", (Guid id, Guid linkId, RevokeContractLink uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, linkId, ct).RespondLegacy(http, _ => Results.NoContent()));

        v1.MapGet("/supportcontracts/{id:guid}/ledger", (Guid id, GetLedger uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).RespondLegacy(http, items => Results.Ok(new { items = items.Select(Dtos.Ledger) })));
    }
}
