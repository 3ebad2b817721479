namespace PartnerSupport.Accounts;

/// <summary>
/// A credential an organization gives to a system (a ticketing tool): it acts as its own account
/// (<see cref="UserId"/>) with the key's roles in that organization. Only a hash of the key is kept.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid UserId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The key's first characters, shown in lists so that people can tell keys apart.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Hex SHA-256 of the whole key: the key has 256 random bits, so a fast hash is enough.</summary>
    public string Hash { get; set; } = "";

    public Roles Roles { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
