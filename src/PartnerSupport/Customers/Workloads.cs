namespace PartnerSupport.Customers;

/// <summary>
/// Where a customer's request goes. Azure requests may use the Cloud Solution Provider plan
/// without a contract; the other workloads need a support contract added.
/// </summary>
public sealed record Workload(string Id, string Name, string Portal, bool CspPlanAllowed);

public static class Workloads
{
    public static IReadOnlyList<Workload> All { get; } =
    [
        new("azure", "Azure", "https://portal.azure.com", CspPlanAllowed: true),
        new("microsoft365", "Microsoft 365", "https://admin.microsoft.com", CspPlanAllowed: false),
        new("dynamics365", "Dynamics 365", "https://admin.powerplatform.microsoft.com", CspPlanAllowed: false),
    ];

    public static Workload? Find(string? id) => All.FirstOrDefault(w => w.Id == id);
}
