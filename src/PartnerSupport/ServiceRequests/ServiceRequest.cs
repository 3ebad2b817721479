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

    /// <summary>True while this request holds one incident of its contract.</summary>
    public bool IncidentConsumed { get; set; }

    /// <summary>The contract's balance right after this request's last balance change.</summary>
    public int? RemainingIncidents { get; set; }
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
