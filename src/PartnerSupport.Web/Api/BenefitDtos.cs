using System.ComponentModel;
using PartnerSupport.Contracts;
using PartnerSupport.Entitlements;
using PartnerSupport.Organizations;

namespace PartnerSupport.Web.Api;

/// <summary>
/// A technical benefit of a membership. The IDs, dates and remaining count are null until its
/// activation completes.
/// </summary>
public sealed record BenefitDto(
    Guid Id,
    [property: OneOf(typeof(BenefitType))] string Type,
    string Name,
    [property: OneOf(typeof(ContractScope))] string Scope,
    Guid MembershipId,
    [property: OneOf(typeof(Offer))] string Offer,
    string? Competency,
    [property: Description("Incidents granted; null for unlimited.")] int? Incidents,
    [property: OneOf(typeof(BenefitStatus))] string Status,
    string? AccessId,
    string? ContractId,
    Guid? SupportContractId,
    DateOnly? StartDate,
    DateOnly? EndDate,
    [property: Description("Null until activated, and for unlimited contracts.")] int? RemainingIncidents,
    [property: Description("Why the last activation was refused.")] string? RejectionReason)
{
    public static BenefitDto From(Benefit b, DateOnly today) => new(
        b.Id,
        Dtos.Name(b.Type),
        b.Name,
        Dtos.Name(b.Scope),
        b.MembershipId,
        Dtos.Name(b.Membership!.Offer),
        b.Membership.Competency,
        b.Incidents,
        Dtos.Name(b.StatusOn(today)),
        b.SupportContract?.AccessId,
        b.SupportContract?.ContractId,
        b.SupportContractId,
        b.SupportContract?.StartDate,
        b.SupportContract?.EndDate,
        b.SupportContract?.RemainingIncidents,
        b.RejectionReason);
}

/// <summary>The caller organization's benefits.</summary>
public sealed record BenefitListDto(
    IReadOnlyList<BenefitDto> Items,
    [property: Description("Without an active membership: \"Looks like you don't have any benefits yet...\", in the request's language; otherwise null.")] string? Message);
