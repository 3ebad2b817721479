namespace PartnerSupport.Accounts;

/// <summary>
/// An offer of an account: to an organization with its roles, or (no organization) to the staff.
/// The account is created only when the invitee accepts, so nobody holds a half-made account, and
/// a revoked or expired invitation leaves nothing behind. Only a hash of the token is kept.
/// </summary>
public sealed class Invitation
{
    public Guid Id { get; set; }

    /// <summary>Null for a staff invitation (operator, supportEngineer).</summary>
    public Guid? OrganizationId { get; set; }

    public string Email { get; set; } = "";

    /// <summary>The name the inviter suggested; the invitee may choose another on accepting.</summary>
    public string? DisplayName { get; set; }

    public Roles Roles { get; set; }

    /// <summary>Hex SHA-256 of the token: the token has 256 random bits, so a fast hash is enough.</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedUserId { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public InvitationStatus StatusAt(DateTimeOffset now) =>
        AcceptedAt is not null ? InvitationStatus.Accepted
        : RevokedAt is not null ? InvitationStatus.Revoked
        : now >= ExpiresAt ? InvitationStatus.Expired
        : InvitationStatus.Pending;
}

public enum InvitationStatus
{
    Pending,
    Accepted,
    Revoked,
    Expired,
}
