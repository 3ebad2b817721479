using PartnerSupport.Notifications;
using PartnerSupport.Web.Auth;
using PartnerSupport.Webhooks;

namespace PartnerSupport.Web.Api;

/// <summary>Webhook subscriptions: operators (every organization's events) and an organization's globalAdmins (its own).</summary>
public static class WebhookEndpoints
{
    private const string Who = "Operators (their subscriptions hear every organization's events, and they manage every subscription) "
        + "and an organization's `globalAdmin` (its own organization's); others 403.";

    public static void Map(RouteGroupBuilder v1)
    {
        var hooks = v1.MapGroup("").WithTags("Webhooks");

        hooks.MapPost("/webhooks", (CreateWebhookSubscriptionInput body, CreateWebhookSubscription uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, ct).Respond(http, c =>
                TypedResults.Created($"/v1/webhooks/{c.Subscription.Id}", CreatedWebhookSubscriptionDto.From(c))))
            .WithName("CreateWebhookSubscription")
            .WithSummary("Subscribe a receiver to events")
            .WithDescription(Who + " `events` from: " + string.Join(", ", EventTypes.All.Select(e => $"`{e}`")) + ". "
                + "The URL must be `https` and its host must not resolve to a loopback, private, link-local or unique-local address "
                + "(checked now and at every delivery). `secret` signs every delivery and is shown this once.")
            .WithRequestExample(new CreateWebhookSubscriptionInput("https://psa.example.com/hooks/partnersupport",
                [EventTypes.ServiceRequestCreated, EventTypes.AlertRaised], "Our PSA"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed", "webhook-url-not-allowed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");

        hooks.MapGet("/webhooks", (ListWebhookSubscriptions uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(WebhookSubscriptionDto.From)))))
            .WithName("ListWebhookSubscriptions")
            .WithSummary("The webhook subscriptions the caller manages")
            .WithDescription(Who + " Oldest first, without secrets.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");

        hooks.MapDelete("/webhooks/{id:guid}", (Guid id, DeleteWebhookSubscription uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, _ => TypedResults.NoContent()))
            .WithName("DeleteWebhookSubscription")
            .WithSummary("End a webhook subscription")
            .WithDescription(Who + " Its deliveries, sent or waiting, are removed with it.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "webhook-not-found");

        hooks.MapPost("/webhooks/{id:guid}/ping", (Guid id, PingWebhookSubscription uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, d => TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", WebhookDeliveryDto.From(d))))
            .WithName("PingWebhookSubscription")
            .WithSummary("Send a ping event to a subscription")
            .WithDescription(Who + " Queues a `ping` delivery (`data`: `{webhookId}`), whatever events the subscription asked for; answers with the delivery.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "webhook-not-found");

        hooks.MapGet("/webhooks/{id:guid}/deliveries", (Guid id, ListWebhookDeliveries uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, ct).Respond(http, items => TypedResults.Ok(ItemsDto.Of(items.Select(WebhookDeliveryDto.From)))))
            .WithName("ListWebhookDeliveries")
            .WithSummary("A subscription's deliveries")
            .WithDescription(Who + $" Newest first, at most {ListWebhookDeliveries.Limit}.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "webhook-not-found");

        hooks.MapPost("/webhooks/{id:guid}/deliveries/{deliveryId:guid}/retry", (Guid id, Guid deliveryId, RetryWebhookDelivery uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), id, deliveryId, ct).Respond(http, d => TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", WebhookDeliveryDto.From(d))))
            .WithName("RetryWebhookDelivery")
            .WithSummary("Send a delivery once more")
            .WithDescription(Who + " The delivery is sent again at once, with the same id and body; a failed one gets one more attempt.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status404NotFound, "webhook-not-found", "webhook-delivery-not-found")
            .Refuses(StatusCodes.Status409Conflict, "webhook-delivery-in-flight");
    }
}
