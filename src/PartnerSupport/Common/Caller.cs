using PartnerSupport.Accounts;

namespace PartnerSupport.Common;

/// <summary>Who is acting: the signed-in account as the use cases need it.</summary>
public sealed record Caller(Guid UserId, string Email, string DisplayName, Guid? OrganizationId, Roles Roles)
{
    /// <summary>Where the request came from, for the audit trail.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>Set when an API key acts: <see cref="Email"/> then names the key for the audit trail.</summary>
    public Guid? ApiKeyId { get; init; }

    /// <summary>Auth:RequireMfa wants a second factor this account has not enrolled: it may only enrol.</summary>
    public bool MustEnrolMfa { get; init; }

    /// <summary>
    /// Operators, and the organization's own global admins: they run its accounts and keys. A key
    /// never does, so that a leaked key cannot mint more keys or lock the people out.
    /// </summary>
    public bool MayAdminister(Guid organizationId) =>
        IsOperator || ApiKeyId is null && OrganizationId == organizationId && Roles.HasFlag(Roles.GlobalAdmin);

    public bool IsOperator => Roles.HasFlag(Roles.Operator);

    /// <summary>Operators and support engineers: they work every organization's requests.</summary>
    public bool IsStaff => (Roles & Roles.Staff) != 0;
    public bool IsPartnerAdmin => (Roles & (Roles.GlobalAdmin | Roles.MpnPartnerAdmin)) != 0;
    public bool IsAdminAgent => Roles.HasFlag(Roles.AdminAgent);

    /// <summary>Ledger and audit entries name the actor by e-mail: readable and stable.</summary>
    public string Actor => Email;

    public static Caller From(User user) => new(user.Id, user.Email ?? "", user.DisplayName, user.OrganizationId, user.Roles);

    public static Caller System { get; } = new(Guid.Empty, "system", "System", null, Roles.None);
}
