using System.ComponentModel;
using PartnerSupport.Audit;
using PartnerSupport.Entitlements;
using PartnerSupport.Organizations;
using PartnerSupport.Products;
using ProgramFlags = PartnerSupport.Organizations.Programs;

namespace PartnerSupport.Web.Api;

/// <summary>A partner organization.</summary>
public sealed record OrganizationDto(
    Guid Id,
    string Name,
    string PartnerId,
    [property: OneOf("mpn", "csp")] IReadOnlyList<string> Programs,
    [property: Description("ISO 3166 two-letter code, upper case.")] string CountryCode,
    DateTime CreatedAt)
{
    public static OrganizationDto From(Organization o) => new(
        o.Id,
        o.Name,
        o.PartnerId,
        [.. new[] { (ProgramFlags.Mpn, "mpn"), (ProgramFlags.Csp, "csp") }.Where(p => o.Programs.HasFlag(p.Item1)).Select(p => p.Item2)],
        o.CountryCode,
        o.CreatedAt.UtcDateTime);
}

/// <summary>A membership offer an organization holds for a period; it grants benefits.</summary>
public sealed record MembershipDto(
    Guid Id,
    Guid OrganizationId,
    [property: OneOf(typeof(Offer))] string Offer,
    [property: Description("Null for Action Pack.")] string? Competency,
    bool IsCloudCompetency,
    DateOnly StartDate,
    DateOnly EndDate)
{
    public static MembershipDto From(Membership m) =>
        new(m.Id, m.OrganizationId, Dtos.Name(m.Offer), m.Competency, m.IsCloudCompetency, m.StartDate, m.EndDate);
}

/// <summary>A product requests are opened about.</summary>
public sealed record ProductDto(
    Guid Id,
    string Name,
    string Family,
    string Version,
    [property: OneOf(typeof(ProductKind))] string Kind,
    string? Workload,
    [property: Description("False for on-premises versions older than the previous one (N-1).")] bool Covered)
{
    public static ProductDto From(ProductView p) =>
        new(p.Product.Id, p.Product.Name, p.Product.Family, p.Product.Version, Dtos.Name(p.Product.Kind), p.Product.Workload, p.Covered);
}

/// <summary>A request to activate a benefit, completed by the worker or an operator.</summary>
public sealed record ActivationDto(
    Guid Id,
    Guid BenefitId,
    Guid OrganizationId,
    [property: OneOf(typeof(ActivationStatus))] string Status,
    DateTime RequestedAt,
    [property: Description("When the worker completes it (unless an operator must approve it).")] DateTime ProcessAfter,
    bool RequiresApproval,
    DateTime? CompletedAt,
    string? RejectionReason,
    [property: Description("The contract the activation created, once completed.")] Guid? SupportContractId)
{
    public static ActivationDto From(Activation a) => new(
        a.Id, a.BenefitId, a.OrganizationId, Dtos.Name(a.Status), a.RequestedAt.UtcDateTime, a.ProcessAfter.UtcDateTime,
        a.RequiresApproval, Dtos.Utc(a.CompletedAt), a.RejectionReason, a.SupportContractId);
}

/// <summary>One administrative or balance-changing action: who, what, when, from where.</summary>
public sealed record AuditEntryDto(long Id, DateTime At, string Actor, Guid? ActorUserId, string? ClientAddress, string Action, string Target, string? Details)
{
    public static AuditEntryDto From(AuditEntry e) => new(e.Id, e.At.UtcDateTime, e.Actor, e.ActorUserId, e.ClientAddress, e.Action, e.Target, e.Details);
}

/// <summary>A page of the audit trail, newest first.</summary>
public sealed record AuditPageDto(
    IReadOnlyList<AuditEntryDto> Items,
    [property: Description("Pass as `before` for the next (older) page; null on the last page.")] long? Before)
{
    public static AuditPageDto From(AuditPage page) => new([.. page.Items.Select(AuditEntryDto.From)], page.Before);
}
