using PartnerSupport.Entitlements;
using PartnerSupport.Resources;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class BenefitEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/benefits", (ListBenefits uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).RespondLegacy(http, list => Results.Ok(new
            {
                items = list.Items.Select(b => Dtos.Benefit(b, list.Today)),
                message = list.NoActiveMembership ? Messages.Get("NoBenefitsYet") : null,
            })));

        v1.MapPost("/benefits/{id:guid}/activate", (Guid id, ActivateBenefit uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).RespondLegacy(http, a => Results.Accepted($"/v1/activations/{a.Id}", ActivationDto.From(a))));
    }
}
