using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Alerts;
using PartnerSupport.Common;
using PartnerSupport.Web.Resources;
using PartnerSupport.Webhooks;

namespace PartnerSupport.Web.Pages;

/// <summary>
/// Webhook subscriptions in the portal: the same use cases as <c>/v1/webhooks</c>. A new
/// subscription's secret is shown on the answer to the form itself, never stored for a later page.
/// </summary>
public sealed class WebhooksModel(
    ListWebhookSubscriptions list, CreateWebhookSubscription create, DeleteWebhookSubscription delete,
    PingWebhookSubscription ping, ListWebhookDeliveries deliveries, RetryWebhookDelivery retry, PortalText text) : PortalPage
{
    public IReadOnlyList<WebhookSubscription> Subscriptions { get; private set; } = [];

    /// <summary>The subscription whose deliveries are shown, and those deliveries.</summary>
    public WebhookSubscription? Selected { get; private set; }

    public IReadOnlyList<WebhookMessage> Deliveries { get; private set; } = [];

    /// <summary>The secret of the subscription just made: on this answer only.</summary>
    public string? NewSecret { get; private set; }

    [BindProperty]
    public NewWebhook Input { get; set; } = new();

    public sealed class NewWebhook
    {
        public string? Url { get; set; }
        public List<string> Events { get; set; } = [];
        public string? Description { get; set; }
    }

    public Task<IActionResult> OnGetAsync(Guid? deliveries, CancellationToken ct) => LoadAsync(deliveries, ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!WebhookAccess.CanManage(Me))
            return Forbid();
        string? secret = null;
        var result = await OnceAsync("webhook.create", $"{Input.Url}\n{string.Join(' ', Input.Events)}\n{Input.Description}", async () =>
        {
            var made = await create.RunAsync(Me, new CreateWebhookSubscriptionInput(Input.Url, Input.Events, Input.Description), ct);
            if (!made.IsSuccess)
                return made.Error!;
            secret = made.Value.Secret;
            return made.Value.Subscription.Id;
        }, ct);
        if (!result.IsSuccess)
        {
            Show(result.Error!, prefix: nameof(Input));
            return await LoadAsync(null, ct);
        }
        // A form sent again gets no second secret: the first answer was the only one to carry it.
        if (secret is null)
            Notice = text["FormAlreadySent"];
        NewSecret = secret;
        ViewData["Flash"] = text["WebhookCreated"];
        Input = new();
        ModelState.Clear();
        return await LoadAsync(null, ct);
    }

    public async Task<IActionResult> OnPostPingAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(await ping.RunAsync(Me, id, ct), "WebhookPinged", id, ct);

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(await delete.RunAsync(Me, id, ct), "WebhookDeleted", null, ct);

    public async Task<IActionResult> OnPostRetryAsync(Guid id, Guid deliveryId, CancellationToken ct) =>
        await AfterAsync(await retry.RunAsync(Me, id, deliveryId, ct), "WebhookRetried", id, ct);

    private async Task<IActionResult> AfterAsync<T>(Result<T> result, string done, Guid? show, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            Flash = text[done];
            return show is { } id ? RedirectToPage(new { deliveries = id }) : RedirectToPage();
        }
        if (result.Error!.Kind == ErrorKind.Forbidden)
            return Forbid();
        Show(result.Error!);
        return await LoadAsync(null, ct);
    }

    private async Task<IActionResult> LoadAsync(Guid? selected, CancellationToken ct)
    {
        var all = await list.RunAsync(Me, ct);
        if (!all.IsSuccess)
            return Forbid();
        Subscriptions = all.Value;
        if (selected is { } id && Subscriptions.FirstOrDefault(s => s.Id == id) is { } subscription)
        {
            var history = await deliveries.RunAsync(Me, id, ct);
            if (history.IsSuccess)
            {
                Selected = subscription;
                Deliveries = history.Value;
            }
        }
        return Page();
    }
}
