namespace PartnerSupport.ServiceRequests;

/// <summary>
/// A client's Idempotency-Key for a request creation, or a portal form's key for any other change:
/// a retry with the same key and body gets what the first attempt produced, and changes nothing more.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public string Key { get; set; } = "";

    /// <summary>SHA-256 of what was asked (locale and body), to tell a retry from a reuse.</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>The request a creation produced; null for the other changes a key guards.</summary>
    public Guid? ServiceRequestId { get; set; }

    /// <summary>
    /// For a change other than a request creation: what it produced (a contract, an activation, a
    /// request it changed); null while the first attempt is still running.
    /// </summary>
    public Guid? OutcomeId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
