using System.ComponentModel;
using PartnerSupport.Contracts;
using PartnerSupport.Customers;
using PartnerSupport.Entitlements;

namespace PartnerSupport.Web.Api;

/// <summary>A CSP customer of a partner organization.</summary>
public sealed record CustomerDto(Guid Id, string Name, [property: Description("The customer's tenant, as Partner Center addresses customers.")] string TenantId, string CountryCode, Guid OrganizationId)
{
    public static CustomerDto From(Customer c) => new(c.Id, c.Name, c.TenantId, c.CountryCode, c.OrganizationId);
}

/// <summary>Where a customer's request goes.</summary>
public sealed record WorkloadDto(string Id, string Name, string Portal, [property: Description("Requests of this workload may use the Cloud Solution Provider plan instead of a contract.")] bool CspPlanAllowed)
{
    public static WorkloadDto From(Workload w) => new(w.Id, w.Name, w.Portal, w.CspPlanAllowed);
}

/// <summary>A paid partner support plan.</summary>
public sealed record SupportPlanDto(
    string Id,
    string Name,
    string Description,
    [property: OneOf(typeof(ContractScope))] string Scope,
    [property: Description("Null: unlimited.")] int? Incidents,
    int TermMonths,
    PriceDto Price)
{
    public static SupportPlanDto From(SupportPlan p) => new(p.Id, p.Name, p.Description, Dtos.Name(p.Scope), p.Incidents, p.TermMonths, new PriceDto(p.Price.Amount, p.Price.Currency));
}

public sealed record PriceDto(decimal Amount, string Currency);
