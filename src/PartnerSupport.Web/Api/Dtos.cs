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

    public static object Contract(ContractView v) => new
    {
        v.Contract.Id,
        v.Contract.AccessId,
        v.Contract.ContractId,
        v.Contract.Name,
        Source = Name(v.Contract.Source),
        Scope = Name(v.Contract.Scope),
        v.Contract.TotalIncidents,
        v.Contract.RemainingIncidents,
        v.Contract.StartDate,
        v.Contract.EndDate,
        Status = Name(v.Status),
        DecrementOn = Name(v.Contract.DecrementOn),
        v.Contract.OrganizationId,
        Reason = v.Reason is { } r ? Name(r) : null,
    };

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

    public static object Customer(Customers.Customer c) => new
    {
        c.Id,
        c.Name,
        c.TenantId,
        c.CountryCode,
        c.OrganizationId,
    };

    public static object Plan(Entitlements.SupportPlan p) => new
    {
        p.Id,
        p.Name,
        p.Description,
        Scope = Name(p.Scope),
        p.Incidents,
        p.TermMonths,
        p.Price,
    };

    public static object ServiceRequest(ServiceRequestView v)
    {
        var r = v.Request;
        return new
        {
            r.Id,
            r.Title,
            r.Description,
            Severity = Name(r.Severity),
            Status = r.Status == ServiceRequestStatus.AttentionNeeded ? "attention_needed" : Name(r.Status),
            r.SupportTopicId,
            SupportTopicName = SupportTopics.Find(r.SupportTopicId)?.Name,
            r.ProductId,
            v.ProductName,
            Organization = r.OrganizationId is { } orgId ? new { Id = orgId, Name = v.OrganizationName } : null,
            PrimaryContact = new { FirstName = r.ContactFirstName, LastName = r.ContactLastName, Email = r.ContactEmail },
            CreatedDate = r.CreatedDate.UtcDateTime,
            LastModifiedDate = r.LastModifiedDate.UtcDateTime,
            LastClosedDate = Utc(r.LastClosedDate),
            Resolution = r.Resolution is { } res ? Name(res) : null,
            r.SupportContractId,
            r.SupportPlan,
            r.CustomerTenantId,
            r.Workload,
            r.IncidentConsumed,
            r.RemainingIncidents,
            ResponseDueAt = Utc(r.ResponseDueAt),
            FirstResponseAt = Utc(r.FirstResponseAt),
            v.ResponseTargetBreached,
        };
    }

    public static object Response(ServiceRequestResponse r) => new
    {
        r.Id,
        r.ServiceRequestId,
        At = r.At.UtcDateTime,
        r.Author,
        r.Message,
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
