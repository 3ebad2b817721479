using PartnerSupport.Alerts;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class AlertEndpoints
{
    public static void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/alerts", (ListAlerts uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).RespondLegacy(http, items => Results.Ok(new { items = items.Select(Dtos.Alert) })));
}
