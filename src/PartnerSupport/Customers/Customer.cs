namespace PartnerSupport.Customers;

/// <summary>A CSP customer of a partner organization; its admin agents act for it.</summary>
public sealed class Customer
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The customer's tenant, as Partner Center addresses customers.</summary>
    public string TenantId { get; set; } = "";

    public string CountryCode { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
