using PartnerSupport.Common;

namespace PartnerSupport.Webhooks;

/// <summary>
/// A receiver that asked for some of the event catalogue. An organization's subscription hears
/// only that organization's events; an operator's (no organization) hears every organization's.
/// </summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }

    /// <summary>Null: the program's operators subscribed, for every organization.</summary>
    public Guid? OrganizationId { get; set; }

    public string Url { get; set; } = "";

    /// <summary>The event names asked for, separated by spaces.</summary>
    public string Events { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>
    /// The signing secret, encrypted with the shared Data Protection key ring: every delivery must
    /// sign with it again, so it cannot be hashed, and a copy of the database alone does not reveal it.
    /// </summary>
    public string ProtectedSecret { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The e-mail of the account that subscribed.</summary>
    public string CreatedBy { get; set; } = "";

    public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool Hears(string eventType) => EventList.Contains(eventType, StringComparer.Ordinal);
}

/// <summary>Who manages which subscriptions: operators every one, an organization's globalAdmins their organization's.</summary>
public static class WebhookAccess
{
    public static bool CanManage(Caller caller) =>
        caller.IsOperator || (caller.Roles.HasFlag(Accounts.Roles.GlobalAdmin) && caller.OrganizationId is not null);

    /// <summary>The subscriptions the caller may see; another organization's look as if they did not exist.</summary>
    public static IQueryable<WebhookSubscription> VisibleTo(this IQueryable<WebhookSubscription> subscriptions, Caller caller) =>
        caller.IsOperator ? subscriptions : subscriptions.Where(s => s.OrganizationId != null && s.OrganizationId == caller.OrganizationId);
}
