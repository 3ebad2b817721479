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

    /// <summary>What this request takes from its contract right now.</summary>
    public IncidentCharge Charge { get; set; }

    public bool IncidentConsumed => Charge == IncidentCharge.Consumed;

    /// <summary>The contract's balance right after this request's last balance change.</summary>
    public int? RemainingIncidents { get; set; }

    /// <summary>Bumped by every change; updates are conditional on it, so two changes never interleave.</summary>
    public int Version { get; set; }

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
