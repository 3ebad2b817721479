using PartnerSupport.Alerts;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class AlertEndpoints
{
    public static void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/alerts", (ListAlerts uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(AlertDto.From)))))
            .WithTags("Alerts")
            .WithName("ListAlerts")
            .WithSummary("Contracts running low or ending soon")
            .WithDescription("The `globalAdmin` and `mpnPartnerAdmin` of an organization (its alerts) and operators (every organization's); others 403. "
                + "Newest first, at most 500; the figures are those when the alert was raised.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");
}
