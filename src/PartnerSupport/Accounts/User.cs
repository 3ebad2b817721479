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
}

public static class RoleNames
{
    private static readonly (Roles Role, string Name)[] All =
    [
        (Roles.GlobalAdmin, "globalAdmin"),
        (Roles.MpnPartnerAdmin, "mpnPartnerAdmin"),
        (Roles.AdminAgent, "adminAgent"),
        (Roles.Operator, "operator"),
    ];

    public static IReadOnlyList<string> ToNames(Roles roles) =>
        All.Where(r => roles.HasFlag(r.Role)).Select(r => r.Name).ToArray();

    /// <summary>Parses organization roles; "operator" is not grantable this way.</summary>
    public static bool TryParseOrganizationRoles(IEnumerable<string> names, out Roles roles)
    {
        roles = Roles.None;
        foreach (var name in names)
        {
            var match = All.FirstOrDefault(r => r.Role != Roles.Operator && r.Name == name);
            if (match.Name is null)
                return false;
            roles |= match.Role;
        }
        return true;
    }
}
