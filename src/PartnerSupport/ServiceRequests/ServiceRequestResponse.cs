namespace PartnerSupport.ServiceRequests;

/// <summary>
/// A support engineer's answer as the responses list shows it: a public staff message of the
/// request's conversation (Casework.Message), seen in the shape that list had before messages.
/// </summary>
public sealed class ServiceRequestResponse
{
    public Guid Id { get; set; }
    public Guid ServiceRequestId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? AuthorUserId { get; set; }
    public string Author { get; set; } = "";
    public string Message { get; set; } = "";
}
