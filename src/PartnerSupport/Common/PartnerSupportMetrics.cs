using System.Diagnostics.Metrics;

namespace PartnerSupport.Common;

/// <summary>
/// The "PartnerSupport" meter: what operators watch across nodes (OpenTelemetry, dotnet-counters).
/// Counted after commit, so a rolled-back attempt never shows.
/// </summary>
public sealed class PartnerSupportMetrics
{
    public const string MeterName = "PartnerSupport";

    public PartnerSupportMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        ServiceRequestsCreated = meter.CreateCounter<long>("partnersupport.service_requests.created", "{request}", "Service requests opened");
        IncidentsConsumed = meter.CreateCounter<long>("partnersupport.incidents.consumed", "{incident}", "Incidents taken from contract balances");
        IncidentsRefunded = meter.CreateCounter<long>("partnersupport.incidents.refunded", "{incident}", "Incidents given back to contract balances");
        ActivationsCompleted = meter.CreateCounter<long>("partnersupport.activations.completed", "{activation}", "Benefit activations completed");
        AlertsRaised = meter.CreateCounter<long>("partnersupport.alerts.raised", "{alert}", "Contract alerts raised, by kind");
        WebhooksDelivered = meter.CreateCounter<long>("partnersupport.webhooks.delivered", "{message}", "Webhook messages the receiver accepted");
        WebhooksFailed = meter.CreateCounter<long>("partnersupport.webhooks.failed", "{attempt}", "Failed webhook attempts, tagged final when the message was given up");
        WebhookQueueAge = meter.CreateHistogram<double>("partnersupport.webhooks.queue_age", "s", "From a webhook delivery's writing to its acceptance by the receiver");
        EmailsSent = meter.CreateCounter<long>("partnersupport.email.sent", "{message}", "E-mail messages the SMTP server accepted, by event");
        EmailsFailed = meter.CreateCounter<long>("partnersupport.email.failed", "{attempt}", "Failed e-mail attempts, tagged final when the message was given up");
        EmailQueueAge = meter.CreateHistogram<double>("partnersupport.email.queue_age", "s", "How long a sent message waited in the outbox");
    }

    public Counter<long> ServiceRequestsCreated { get; }
    public Counter<long> IncidentsConsumed { get; }
    public Counter<long> IncidentsRefunded { get; }
    public Counter<long> ActivationsCompleted { get; }
    public Counter<long> AlertsRaised { get; }
    public Counter<long> WebhooksDelivered { get; }
    public Counter<long> WebhooksFailed { get; }
    public Histogram<double> WebhookQueueAge { get; }
    public Counter<long> EmailsSent { get; }
    public Counter<long> EmailsFailed { get; }
    public Histogram<double> EmailQueueAge { get; }
}
