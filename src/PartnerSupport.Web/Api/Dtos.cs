using System.ComponentModel;
using System.Text.Json;
using PartnerSupport.Accounts;
using PartnerSupport.Contracts;
using PartnerSupport.Entitlements;
using PartnerSupport.Organizations;
using PartnerSupport.Products;
using PartnerSupport.ServiceRequests;


namespace PartnerSupport.Web.Api;

/// <summary>
/// How the resources of the API write what they show. The resources themselves are records, one
/// file per area (AccountDtos.cs, ...), each with a From method; their properties are in the order
/// clients see them, and enum values are written as the contract spells them.
/// </summary>
public static class Dtos
{
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static DateTime? Utc(DateTimeOffset? at) => at?.UtcDateTime;

    // ---- legacy (anonymous objects), removed area by area ----

    public static object Alert(Alerts.AlertView v) => new
    {
        v.Alert.Id,
        Kind = Alerts.AlertView.KindName(v.Alert.Kind),
        v.Alert.SupportContractId,
        v.ContractName,
        v.Alert.OrganizationId,
        v.OrganizationName,
        v.Alert.TotalIncidents,
        v.Alert.RemainingIncidents,
        v.Alert.EndDate,
        RaisedAt = v.Alert.RaisedAt.UtcDateTime,
    };

    public static object Usage(Reports.Usage u) => new
    {
        From = u.From,
        To = u.To,
        Months = u.Months.Select(m => new { m.Month, m.Consumed, m.Refunded }),
        Items = u.Rows.Select(r => new
        {
            r.Month,
            r.OrganizationId,
            r.Organization,
            r.SupportContractId,
            r.Contract,
            r.ProductId,
            r.Product,
            r.Consumed,
            r.Refunded,
        }),
    };
}

/// <summary>A list answer: <c>{items: [...]}</c>. The document names it after its items (BenefitList, ...).</summary>
public sealed record ItemsDto<T>([property: Description("In the order the operation describes.")] IReadOnlyList<T> Items);

public static class ItemsDto
{
    public static ItemsDto<T> Of<T>(IEnumerable<T> items) => new([.. items]);
}
