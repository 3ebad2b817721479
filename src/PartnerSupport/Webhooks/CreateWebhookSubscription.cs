using Microsoft.Extensions.Options;
using PartnerSupport.Alerts;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Notifications;
using PartnerSupport.Storage;

namespace PartnerSupport.Webhooks;

public sealed record CreateWebhookSubscriptionInput(string? Url, IReadOnlyList<string>? Events, string? Description);

/// <summary>The new subscription and its secret, which is shown this once.</summary>
public sealed record CreatedWebhookSubscription(WebhookSubscription Subscription, string Secret);

/// <summary>
/// Subscribes a receiver to events: an operator's for every organization, a globalAdmin's for
/// its own. The URL's host is resolved now and refused when it points into the server's own
/// networks; deliveries check it again each time.
/// </summary>
public sealed class CreateWebhookSubscription(AppDbContext db, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const int MaxUrlLength = 2000;

    public async Task<Result<CreatedWebhookSubscription>> RunAsync(Caller caller, CreateWebhookSubscriptionInput input, CancellationToken ct = default)
    {
        if (!WebhookAccess.CanManage(caller))
            return Error.Forbidden();
        var o = options.Value;
        var v = new Validator().Require("url", input.Url, MaxUrlLength).Optional("description", input.Description);
        Uri? uri = null;
        if (input.Url is { Length: > 0 and <= MaxUrlLength } url)
        {
            v.Check(Uri.TryCreate(url.Trim(), UriKind.Absolute, out uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0,
                "url", "must be an absolute https URL");
            // Credentials in the URL would show in every listing and log line.
            v.Check(uri is null || uri.UserInfo.Length == 0, "url", "must not contain a user name or password");
        }
        var events = input.Events ?? [];
        v.Check(events.Count > 0, "events", "must name at least one event");
        foreach (var name in events.Where(e => !EventTypes.All.Contains(e, StringComparer.Ordinal)).Distinct())
            v.Add("events", $"'{name}' is not an event; use one of: {string.Join(", ", EventTypes.All)}");
        if (!v.IsValid)
            return v.ToError();

        if (uri!.Scheme != Uri.UriSchemeHttps && !o.AllowHttp)
            return NotAllowed("must be https: deliveries carry the organization's data");
        var (_, refusal) = await WebhookAddressPolicy.ResolveAsync(uri.IdnHost, o.AllowPrivateNetworks, ct);
        if (refusal is not null)
            return NotAllowed(refusal);

        var secret = WebhookSecrets.NewSecret();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = caller.IsOperator ? null : caller.OrganizationId,
            Url = uri.AbsoluteUri,
            Events = string.Join(' ', EventTypes.All.Where(e => events.Contains(e, StringComparer.Ordinal))),
            Description = input.Description?.Trim(),
            ProtectedSecret = secrets.Protect(secret),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = caller.Actor,
        };
        db.WebhookSubscriptions.Add(subscription);
        // The host only: a path or query may carry a receiver's token.
        db.Audit(caller, subscription.CreatedAt, "webhook.create", subscription.Id, $"{uri.Host} for {subscription.Events}");
        await db.SaveChangesAsync(ct);
        return new CreatedWebhookSubscription(subscription, secret);
    }

    private static Error NotAllowed(string why) =>
        new(ErrorKind.Validation, ErrorCodes.WebhookUrlNotAllowed, "WebhookUrlNotAllowed")
        {
            FieldErrors = new Dictionary<string, string[]> { ["url"] = [why] },
        };
}
