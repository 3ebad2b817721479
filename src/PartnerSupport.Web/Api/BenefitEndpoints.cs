using PartnerSupport.Entitlements;
using PartnerSupport.Resources;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class BenefitEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Benefits");

        api.MapGet("/benefits", (ListBenefits uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).Respond(http, list => TypedResults.Ok(new BenefitListDto(
                [.. list.Items.Select(b => BenefitDto.From(b, list.Today))],
                list.NoActiveMembership ? Messages.Get("NoBenefitsYet") : null))))
            .WithName("ListBenefits")
            .WithSummary("The organization's technical benefits")
            .WithDescription("Any user of an organization in the `mpn` program (others: 403). Current and upcoming memberships' benefits "
                + "(upcoming ones are `waiting`); without an active membership `items` is empty and `message` says so.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");

        api.MapPost("/benefits/{id:guid}/activate", (Guid id, ActivateBenefit uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, a => TypedResults.Accepted($"/v1/activations/{a.Id}", ActivationDto.From(a))))
            .WithName("ActivateBenefit")
            .WithSummary("Activate a benefit")
            .WithDescription("`globalAdmin` or `mpnPartnerAdmin` of the benefit's organization (other roles: 403; other organizations: 404). "
                + "The activation is completed by the worker after `Activation:ProcessingDelay`, or by an operator when `Activation:RequireApproval` is on.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "benefit-not-found")
            .Refuses(StatusCodes.Status409Conflict, "benefit-not-activatable");
    }
}
