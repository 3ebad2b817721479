namespace PartnerSupport.ServiceRequests;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key is remembered; a retry after that creates a new request.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}
