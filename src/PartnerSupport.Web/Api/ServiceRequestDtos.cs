using System.ComponentModel;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Api;

/// <summary>
/// A support request, in Partner Center's shape (field names and enum values); the entitlement
/// fields (contract, incidents, response target) are this service's additions.
/// </summary>
public sealed record ServiceRequestDto(
    Guid Id,
    string Title,
    string Description,
    [property: OneOf(typeof(Severity))] string Severity,
    [property: OneOf("none", "open", "closed", "attention_needed")] string Status,
    string? SupportTopicId,
    string? SupportTopicName,
    Guid ProductId,
    string ProductName,
    [property: Description("Null for a request of a personal account.")] ServiceRequestOrganizationDto? Organization,
    PrimaryContactDto PrimaryContact,
    DateTime CreatedDate,
    DateTime LastModifiedDate,
    DateTime? LastClosedDate,
    [property: OneOf(typeof(Resolution))] string? Resolution,
    Guid? SupportContractId,
    [property: OneOf(CreateServiceRequest.CspPlan)] string? SupportPlan,
    string? CustomerTenantId,
    string? Workload,
    [property: Description("Whether the request holds one of its contract's incidents now.")] bool IncidentConsumed,
    [property: Description("The contract's balance right after this request's last change; null when unlimited or without a contract.")] int? RemainingIncidents,
    [property: Description("Creation time plus the severity's response target in force then.")] DateTime? ResponseDueAt,
    [property: Description("When an operator first answered; null until then.")] DateTime? FirstResponseAt,
    [property: Description("The first answer came after responseDueAt, or none came and the request was open past it.")] bool ResponseTargetBreached,
    [property: Description("The staff member working the request; null while unassigned.")] PersonDto? AssignedTo,
    [property: Description("When the last public message was written; internal messages never move it.")] DateTime? LastMessageAt,
    [property: Description("The public messages, oldest first (Partner Center's notes).")] IReadOnlyList<NoteDto> Notes)
{
    public static ServiceRequestDto From(ServiceRequestView v)
    {
        var r = v.Request;
        return new(
            r.Id,
            r.Title,
            r.Description,
            Dtos.Name(r.Severity),
            r.Status == ServiceRequestStatus.AttentionNeeded ? "attention_needed" : Dtos.Name(r.Status),
            r.SupportTopicId,
            SupportTopics.Find(r.SupportTopicId)?.Name,
            r.ProductId,
            v.ProductName,
            r.OrganizationId is { } orgId ? new ServiceRequestOrganizationDto(orgId, v.OrganizationName) : null,
            new PrimaryContactDto(r.ContactFirstName, r.ContactLastName, r.ContactEmail),
            r.CreatedDate.UtcDateTime,
            r.LastModifiedDate.UtcDateTime,
            Dtos.Utc(r.LastClosedDate),
            r.Resolution is { } res ? Dtos.Name(res) : null,
            r.SupportContractId,
            r.SupportPlan,
            r.CustomerTenantId,
            r.Workload,
            r.IncidentConsumed,
            r.RemainingIncidents,
            Dtos.Utc(r.ResponseDueAt),
            Dtos.Utc(r.FirstResponseAt),
            v.ResponseTargetBreached,
            v.AssignedTo is { } a ? new PersonDto(a.Id, a.DisplayName) : null,
            Dtos.Utc(r.LastMessageAt),
            [.. v.Notes.Select(n => new NoteDto(n.CreatedByName, n.CreatedDate.UtcDateTime, n.Text))]);
    }
}

/// <summary>A public message as Partner Center shows it among a request's notes.</summary>
public sealed record NoteDto(string CreatedByName, DateTime CreatedDate, string Text);

/// <summary>An account named where it acted or was chosen: an assignee, an uploader, an actor.</summary>
public sealed record PersonDto([property: Description("Null where no account is kept (the command line, answers recorded before accounts were).")] Guid? Id, string DisplayName);

/// <summary>The organization a request belongs to.</summary>
public sealed record ServiceRequestOrganizationDto(Guid Id, string? Name);

/// <summary>Who opened the request.</summary>
public sealed record PrimaryContactDto(string FirstName, string LastName, string Email);

/// <summary>A page of requests, in the order the operation describes.</summary>
public sealed record ServiceRequestPageDto(
    IReadOnlyList<ServiceRequestDto> Items,
    [property: Description("Pass as `continuationToken` for the next page; null on the last page.")] string? ContinuationToken)
{
    public static ServiceRequestPageDto From(ServiceRequestPage page) => new([.. page.Items.Select(ServiceRequestDto.From)], page.ContinuationToken);
}

/// <summary>An operator's answer to a request.</summary>
public sealed record ServiceRequestResponseDto(Guid Id, Guid ServiceRequestId, DateTime At, string Author, string Message)
{
    public static ServiceRequestResponseDto From(ServiceRequestResponse r) => new(r.Id, r.ServiceRequestId, r.At.UtcDateTime, r.Author, r.Message);
}

/// <summary>What a request is about, so it reaches the right engineers.</summary>
public sealed record SupportTopicDto(string Id, string Name, string Description)
{
    public static SupportTopicDto From(SupportTopic t) => new(t.Id, t.Name, t.Description);
}
