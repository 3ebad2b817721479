namespace PartnerSupport.ServiceRequests;

/// <summary>An answer a support engineer gave on a request; the first one meets (or misses) the response target.</summary>
public sealed class ServiceRequestResponse
{
    public Guid Id { get; set; }
    public Guid ServiceRequestId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? AuthorUserId { get; set; }
    public string Author { get; set; } = "";
    public string Message { get; set; } = "";
}
