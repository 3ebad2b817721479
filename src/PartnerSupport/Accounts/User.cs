using Microsoft.AspNetCore.Identity;

namespace PartnerSupport.Accounts;

public sealed class User : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public AccountType AccountType { get; set; }

    /// <summary>Null for a personal account that belongs to no organization.</summary>
    public Guid? OrganizationId { get; set; }

    public Roles Roles { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>en-US, pt-BR or es-ES; null until chosen, when e-mail is written in English.</summary>
    public string? Language { get; set; }

    /// <summary>
    /// The person asked for no notification mail (invitations and password resets still go).
    /// Stored as the opt-out so that every existing account keeps receiving mail.
    /// </summary>
    public bool EmailNotificationsOff { get; set; }

    public static readonly IReadOnlyList<string> Languages = ["en-US", "pt-BR", "es-ES"];
    /// <summary>A disabled account signs in nowhere and its sessions are refused; it stays for the records that name it.</summary>
    public bool Disabled { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>
    /// The TOTP secret, protected with Data Protection (it must be read back to check codes).
    /// Set at enrolment; the second factor is required only once <c>TwoFactorEnabled</c>.
    /// </summary>
    public string? TotpSecret { get; set; }

    /// <summary>The last time step whose code was accepted: a code is good once, not twice in its 30 seconds.</summary>
    public long? TotpLastStep { get; set; }

    /// <summary>The account an API key acts as: it has no password, cannot sign in and is not listed among the people.</summary>
    public bool IsApiKey { get; set; }

    /// <summary>An organization's global admin that counts toward "never remove the last one".</summary>
    public bool IsActiveGlobalAdmin => !Disabled && !IsApiKey && Roles.HasFlag(Roles.GlobalAdmin);
}

public enum AccountType
{
    Work,
    Personal,
}

[Flags]
public enum Roles
{
    None = 0,
    GlobalAdmin = 1,
    MpnPartnerAdmin = 2,
    AdminAgent = 4,

    /// <summary>The program's back office; never held together with an organization.</summary>
    Operator = 1024,

    /// <summary>Works the queue of every organization's requests; no back office. Staff, like operators.</summary>
    SupportEngineer = 2048,

    /// <summary>The roles of the program's own people, who belong to no organization.</summary>
    Staff = Operator | SupportEngineer,
}

public static class RoleNames
{
    private static readonly (Roles Role, string Name)[] All =
    [
        (Roles.GlobalAdmin, "globalAdmin"),
        (Roles.MpnPartnerAdmin, "mpnPartnerAdmin"),
        (Roles.AdminAgent, "adminAgent"),
        (Roles.Operator, "operator"),
        (Roles.SupportEngineer, "supportEngineer"),
    ];

    public static IReadOnlyList<string> ToNames(Roles roles) =>
        All.Where(r => roles.HasFlag(r.Role)).Select(r => r.Name).ToArray();

    /// <summary>Parses organization roles; staff roles are not grantable this way.</summary>
    public static bool TryParseOrganizationRoles(IEnumerable<string> names, out Roles roles) =>
        TryParse(names, r => (r & Roles.Staff) == 0, out roles);

    /// <summary>Parses staff roles (operator, supportEngineer) only.</summary>
    public static bool TryParseStaffRoles(IEnumerable<string> names, out Roles roles) =>
        TryParse(names, r => (r & Roles.Staff) != 0, out roles);

    private static bool TryParse(IEnumerable<string> names, Func<Roles, bool> allowed, out Roles roles)
    {
        roles = Roles.None;
        foreach (var name in names)
        {
            var match = All.FirstOrDefault(r => allowed(r.Role) && r.Name == name);
            if (match.Name is null)
                return false;
            roles |= match.Role;
        }
        return true;
    }
}
