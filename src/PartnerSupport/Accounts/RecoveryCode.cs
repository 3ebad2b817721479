namespace PartnerSupport.Accounts;

/// <summary>One of the ten codes that stand in for the second factor when the phone is lost; good once.</summary>
public sealed class RecoveryCode
{
    public long Id { get; set; }
    public Guid UserId { get; set; }

    /// <summary>Hex SHA-256 of the code: the code itself is shown once and never stored.</summary>
    public string Hash { get; set; } = "";

    public DateTimeOffset? UsedAt { get; set; }
}
