using System.ComponentModel;
using PartnerSupport.Reports;

namespace PartnerSupport.Web.Api;

/// <summary>Incidents consumed and refunded per month, counted from the ledger.</summary>
public sealed record UsageDto(
    DateOnly From,
    DateOnly To,
    [property: Description("Every month of the period, empty ones too.")] IReadOnlyList<UsageMonthDto> Months,
    [property: Description("Per month, organization, contract and product.")] IReadOnlyList<UsageRowDto> Items)
{
    // Not "From": the report has a From date.
    public static UsageDto Of(Usage u) => new(
        u.From,
        u.To,
        [.. u.Months.Select(m => new UsageMonthDto(m.Month, m.Consumed, m.Refunded))],
        [.. u.Rows.Select(r => new UsageRowDto(r.Month, r.OrganizationId, r.Organization, r.SupportContractId, r.Contract, r.ProductId, r.Product, r.Consumed, r.Refunded))]);
}

public sealed record UsageMonthDto([property: Description("yyyy-MM")] string Month, int Consumed, int Refunded);

public sealed record UsageRowDto(
    [property: Description("yyyy-MM")] string Month,
    Guid OrganizationId,
    string Organization,
    Guid SupportContractId,
    [property: Description("The contract's name and Access ID.")] string Contract,
    Guid ProductId,
    string Product,
    int Consumed,
    int Refunded);
