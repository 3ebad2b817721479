namespace PartnerSupport.Accounts;

/// <summary>A one-time permission to set an account's password, mailed to the account's address; only its hash is kept.</summary>
public sealed class PasswordResetToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }

    /// <summary>Hex SHA-256 of the token (256 random bits).</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
