namespace PartnerSupport.Organizations;

public sealed class Organization
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The partner's program identifier (an MPN ID); unique.</summary>
    public string PartnerId { get; set; } = "";

    public Programs Programs { get; set; }
    public string CountryCode { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsInMpn => Programs.HasFlag(Programs.Mpn);
    public bool IsInCsp => Programs.HasFlag(Programs.Csp);
}

[Flags]
public enum Programs
{
    None = 0,
    Mpn = 1,
    Csp = 2,
}
