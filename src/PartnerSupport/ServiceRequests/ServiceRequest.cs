using System.Linq.Expressions;
using PartnerSupport.Common;

namespace PartnerSupport.ServiceRequests;

/// <summary>A support request; field names follow Partner Center's service-request resource.</summary>
public sealed class ServiceRequest
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public Severity Severity { get; set; }
    public ServiceRequestStatus Status { get; set; }
    public string? SupportTopicId { get; set; }
    public Guid ProductId { get; set; }
    public Guid? OrganizationId { get; set; }
    public Guid CreatedByUserId { get; set; }
    public string ContactFirstName { get; set; } = "";
    public string ContactLastName { get; set; } = "";
    public string ContactEmail { get; set; } = "";
    public string AgentLocale { get; set; } = "";
    public DateTimeOffset CreatedDate { get; set; }
    public DateTimeOffset LastModifiedDate { get; set; }
    public DateTimeOffset? LastClosedDate { get; set; }
    public Resolution? Resolution { get; set; }
    public Guid? SupportContractId { get; set; }
    public string? SupportPlan { get; set; }
    public string? CustomerTenantId { get; set; }
    public string? Workload { get; set; }

    /// <summary>
    /// When a support engineer must have answered: the creation time plus the severity's target in
    /// force then. Nullable only because SQLite cannot add a NOT NULL column without a default;
    /// migration 0003 dated every older request with the default targets.
    /// </summary>
    public DateTimeOffset? ResponseDueAt { get; set; }

    /// <summary>The first answer of a support engineer; later answers leave it where it is.</summary>
    public DateTimeOffset? FirstResponseAt { get; set; }

    /// <summary>What this request takes from its contract right now.</summary>
    public IncidentCharge Charge { get; set; }

    public bool IncidentConsumed => Charge == IncidentCharge.Consumed;

    /// <summary>The contract's balance right after this request's last balance change.</summary>
    public int? RemainingIncidents { get; set; }

    /// <summary>The staff member working the request; null while unassigned.</summary>
    public Guid? AssignedToUserId { get; set; }

    /// <summary>The last public message; internal ones never move it, so partners learn nothing from it.</summary>
    public DateTimeOffset? LastMessageAt { get; set; }

    /// <summary>Counted by a conditional update, so concurrent uploads never pass the limit together.</summary>
    public int AttachmentCount { get; set; }

    /// <summary>
    /// Title and description folded to lower case by .NET (any language, unlike SQLite's ASCII-only
    /// lower()), so the queue's search is case-insensitive on both providers. See <see cref="Fold"/>.
    /// </summary>
    public string SearchText { get; set; } = "";

    /// <summary>How search texts and search terms are folded: the same on both sides of a comparison.</summary>
    public static string Fold(string text) => text.ToLowerInvariant();

    /// <summary>Bumped by every change; updates are conditional on it, so two changes never interleave.</summary>
    public int Version { get; set; }

    /// <summary>
    /// The response target was missed: answered after the due time, or still unanswered past it.
    /// A request closed unanswered before its due time needed no answer (closing it cancelled the
    /// wait); closed unanswered after it, it did miss. Must agree with <see cref="BreachedAt"/>.
    /// </summary>
    public bool ResponseTargetBreached(DateTimeOffset now) =>
        ResponseDueAt is { } due
        && (FirstResponseAt is { } first
            ? first > due
            : Status == ServiceRequestStatus.Closed ? LastClosedDate > due : now > due);

    /// <summary>The status as the API spells it.</summary>
    public static string StatusName(ServiceRequestStatus status) => status switch
    {
        ServiceRequestStatus.AttentionNeeded => "attention_needed",
        ServiceRequestStatus.Open => "open",
        ServiceRequestStatus.Closed => "closed",
        _ => "none",
    };

    /// <summary><see cref="ResponseTargetBreached"/> as a query the database runs.</summary>
    public static Expression<Func<ServiceRequest, bool>> BreachedAt(DateTimeOffset now) =>
        r => r.ResponseDueAt != null
            && ((r.FirstResponseAt != null && r.FirstResponseAt > r.ResponseDueAt)
                || (r.FirstResponseAt == null && r.Status == ServiceRequestStatus.Closed && r.LastClosedDate > r.ResponseDueAt)
                || (r.FirstResponseAt == null && r.Status != ServiceRequestStatus.Closed && r.ResponseDueAt < now));

    /// <summary>The requests in a caller's list: its organization's and those it created.</summary>
    public static Expression<Func<ServiceRequest, bool>> VisibleTo(Caller caller)
    {
        var userId = caller.UserId;
        if (caller.OrganizationId is { } orgId)
            return r => r.OrganizationId == orgId || r.CreatedByUserId == userId;
        return r => r.CreatedByUserId == userId;
    }

    /// <summary>
    /// The requests the caller may read: staff every one, anyone else those of its list. The
    /// one rule for reading a request and for anything that shows a request's details (the
    /// ledger's notes among them).
    /// </summary>
    public static Expression<Func<ServiceRequest, bool>> ReadableBy(Caller caller) =>
        caller.IsStaff ? r => true : VisibleTo(caller);

    /// <summary>What a request in this state should take from a contract that decrements as given.</summary>
    public static IncidentCharge ChargeFor(ServiceRequestStatus status, Resolution? resolution, Contracts.DecrementOn decrementOn) =>
        status == ServiceRequestStatus.Closed
            ? resolution == ServiceRequests.Resolution.Resolved ? IncidentCharge.Consumed : IncidentCharge.None
            : decrementOn == Contracts.DecrementOn.Creation ? IncidentCharge.Consumed : IncidentCharge.Held;
}

public enum IncidentCharge
{
    /// <summary>Nothing: no contract, an unmetered plan, or refunded.</summary>
    None,

    /// <summary>Promised but not yet taken (contracts that decrement on resolution).</summary>
    Held,

    /// <summary>One incident taken from the balance.</summary>
    Consumed,
}

public enum Severity
{
    Critical,
    Moderate,
    Minimal,
}

public enum ServiceRequestStatus
{
    None,
    Open,
    Closed,
    AttentionNeeded,
}

public enum Resolution
{
    Resolved,
    Duplicate,
    NotAnIncident,
    ProductBug,
    Cancelled,
}
