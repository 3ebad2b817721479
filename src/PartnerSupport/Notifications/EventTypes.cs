namespace PartnerSupport.Notifications;

/// <summary>The catalogue of events a webhook subscription may ask for (API.md, "Webhook subscriptions").</summary>
public static class EventTypes
{
    public const string ServiceRequestCreated = "serviceRequest.created";
    public const string ServiceRequestUpdated = "serviceRequest.updated";
    public const string ServiceRequestMessage = "serviceRequest.message";
    public const string ServiceRequestClosed = "serviceRequest.closed";
    public const string ServiceRequestReopened = "serviceRequest.reopened";
    public const string IncidentConsumed = "incident.consumed";
    public const string IncidentRefunded = "incident.refunded";
    public const string AlertRaised = "alert.raised";
    public const string ActivationCompleted = "activation.completed";
    public const string ActivationRejected = "activation.rejected";
    public const string ContractExpired = "contract.expired";
    public const string Ping = "ping";

    public static readonly IReadOnlyList<string> All =
    [
        ServiceRequestCreated, ServiceRequestUpdated, ServiceRequestMessage, ServiceRequestClosed,
        ServiceRequestReopened, IncidentConsumed, IncidentRefunded, AlertRaised, ActivationCompleted,
        ActivationRejected, ContractExpired, Ping,
    ];
}
