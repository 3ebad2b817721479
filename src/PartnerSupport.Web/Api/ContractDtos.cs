using System.ComponentModel;
using PartnerSupport.Contracts;

namespace PartnerSupport.Web.Api;

/// <summary>A support contract: incidents to open requests with, between two dates.</summary>
public sealed record SupportContractDto(
    Guid Id,
    [property: Description("Shown as XXXXX-XXXXX-XXXXX-XXXXX; with the Contract ID it links the contract to an account.")] string AccessId,
    string ContractId,
    string Name,
    [property: OneOf(typeof(ContractSource))] string Source,
    [property: OneOf(typeof(ContractScope))] string Scope,
    [property: Description("Null: unlimited.")] int? TotalIncidents,
    [property: Description("Null: unlimited.")] int? RemainingIncidents,
    DateOnly StartDate,
    DateOnly EndDate,
    [property: OneOf(typeof(ContractStatus))] string Status,
    [property: OneOf(typeof(DecrementOn))] string DecrementOn,
    Guid OrganizationId,
    [property: OneOf(typeof(UnavailableReason)), Description("Why it cannot take a request now (in the `unavailable` list only); otherwise null.")] string? Reason)
{
    public static SupportContractDto From(ContractView v) => new(
        v.Contract.Id,
        v.Contract.AccessId,
        v.Contract.ContractId,
        v.Contract.Name,
        Dtos.Name(v.Contract.Source),
        Dtos.Name(v.Contract.Scope),
        v.Contract.TotalIncidents,
        v.Contract.RemainingIncidents,
        v.Contract.StartDate,
        v.Contract.EndDate,
        Dtos.Name(v.Status),
        Dtos.Name(v.Contract.DecrementOn),
        v.Contract.OrganizationId,
        v.Reason is { } r ? Dtos.Name(r) : null);
}

/// <summary>The contracts linked to the caller, usable or not (each unusable one says why).</summary>
public sealed record LinkedContractsDto(IReadOnlyList<SupportContractDto> Available, IReadOnlyList<SupportContractDto> Unavailable)
{
    public static LinkedContractsDto From(ContractList list) =>
        new([.. list.Available.Select(SupportContractDto.From)], [.. list.Unavailable.Select(SupportContractDto.From)]);
}

/// <summary>An account that linked a contract with its two IDs.</summary>
public sealed record ContractLinkDto(Guid Id, Guid UserId, string Email, string DisplayName, DateTime LinkedAt)
{
    public static ContractLinkDto From(LinkView l) => new(l.Id, l.UserId, l.Email, l.DisplayName, l.LinkedAt.UtcDateTime);
}

/// <summary>One change of a contract's balance, and why.</summary>
public sealed record LedgerEntryDto(
    DateTime At,
    int Delta,
    [property: Description("The balance after this entry; null for unlimited contracts.")] int? BalanceAfter,
    [property: OneOf(typeof(LedgerKind))] string Kind,
    Guid? ServiceRequestId,
    [property: Description("Who made the change; null when the entry concerns a request the caller may not read.")] string? Actor,
    [property: Description("Why; null when the entry concerns a request the caller may not read.")] string? Note)
{
    public static LedgerEntryDto From(LedgerLine e) => new(e.At.UtcDateTime, e.Delta, e.BalanceAfter, Dtos.Name(e.Kind), e.ServiceRequestId, e.Actor, e.Note);
}
