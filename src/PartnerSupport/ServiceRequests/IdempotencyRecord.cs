namespace PartnerSupport.ServiceRequests;

/// <summary>
/// A client's Idempotency-Key for a request creation: a retry with the same key and body gets
/// the request that the first attempt created, and consumes nothing more.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public string Key { get; set; } = "";

    /// <summary>SHA-256 of what was asked (locale and body), to tell a retry from a reuse.</summary>
    public string RequestHash { get; set; } = "";

    public Guid ServiceRequestId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
