namespace PartnerSupport.Products;

public sealed class Product
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Products of one family differ only by version ("SQL Server" 2019, 2022).</summary>
    public string Family { get; set; } = "";

    public string Version { get; set; } = "";
    public ProductKind Kind { get; set; }
    public string? Workload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum ProductKind
{
    OnPremises,
    Cloud,
}
