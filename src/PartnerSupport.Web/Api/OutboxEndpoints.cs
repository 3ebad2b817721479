using System.ComponentModel;
using PartnerSupport.Notifications;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class OutboxEndpoints
{
    public static void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/outbox", (
            [Description("Only e-mail or only webhook deliveries (both when absent)")][OneOf("email", "webhook")] string? kind,
            [Description("Only messages in this state")][OneOf("pending", "sent", "failed")] string? status,
            ListOutbox uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), kind, status, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(OutboxItemDto.From)))))
            .WithTags("Notifications")
            .WithName("ListOutbox")
            .WithSummary("E-mail and webhook messages waiting, sent or given up")
            .WithDescription("Operators. `kind=email|webhook` (both when absent), `status=pending|sent|failed`; newest first, at most 500.")
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");
}
