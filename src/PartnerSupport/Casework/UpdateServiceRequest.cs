using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Notifications;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

public sealed record UpdateServiceRequestInput(string? Status, string? Resolution)
{
    /// <summary>Partner Center's way of adding a public message: <c>{newNote: {text}}</c>.</summary>
    public UpdateServiceRequestNote? NewNote { get; init; }
}

public sealed record UpdateServiceRequestNote(string? Text);

/// <summary>
/// Closes or reopens a request, or (staff) marks it as waiting on the partner; with a new note it
/// adds a public message first. Closing as duplicate, not an incident, product bug or cancelled
/// gives its incident back; reopening takes it again. The request's update is conditional on its
/// version, so the same change sent twice (or two changes at once) moves the balance once.
/// </summary>
public sealed class UpdateServiceRequest(AppDbContext db, TimeProvider time, PartnerSupportMetrics metrics, Casework.PostMessage post)
{
    public async Task<Result<ServiceRequestView>> RunAsync(Caller caller, Guid id, UpdateServiceRequestInput input, CancellationToken ct = default)
    {
        var parsed = ParseStatus(input);
        if (parsed is null && (input.NewNote is null || input.Status is not null || input.Resolution is not null))
            return StatusError();
        var request = await ListServiceRequests.Readable(db, caller).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        // Waiting on the partner is the support engineer's call.
        if (parsed?.Status == ServiceRequestStatus.AttentionNeeded && !caller.IsStaff)
            return Error.Forbidden();

        if (input.NewNote is { } note)
        {
            var posted = await post.RunAsync(caller, id, new Casework.PostMessageInput(note.Text, "public"), ct);
            if (!posted.IsSuccess)
            {
                return posted.Error!.FieldErrors is { } fields
                    ? Error.Validation(fields.ToDictionary(f => "newNote." + f.Key, f => f.Value))
                    : posted.Error!;
            }
            // The note may have moved the request (a partner's message reopens attention_needed).
            request = await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
            if (parsed is null)
                return await ServiceRequestViews.LoadAsync(db, request, time.GetUtcNow(), ct);
        }
        return await ChangeStatusAsync(caller, request, parsed!.Value.Status, parsed.Value.Resolution, ct);
    }

    private static (ServiceRequestStatus Status, Resolution? Resolution)? ParseStatus(UpdateServiceRequestInput input) =>
        (input.Status, input.Resolution) switch
        {
            ("open", null) => (ServiceRequestStatus.Open, (Resolution?)null),
            ("attention_needed", null) => (ServiceRequestStatus.AttentionNeeded, (Resolution?)null),
            ("closed", var r) when ParseResolution(r) is { } parsed => (ServiceRequestStatus.Closed, parsed),
            _ => null,
        };

    private static Error StatusError() => Error.Validation(new Dictionary<string, string[]>
    {
        ["status"] = ["send {status: \"closed\", resolution: resolved|duplicate|notAnIncident|productBug|cancelled}, {status: \"open\"}, "
            + "{status: \"attention_needed\"} (staff) or {newNote: {text}}"],
    });

    private async Task<Result<ServiceRequestView>> ChangeStatusAsync(Caller caller, ServiceRequest request, ServiceRequestStatus status, Resolution? resolution, CancellationToken ct)
    {
        var id = request.Id;
        if (request.Status == status && request.Resolution == resolution)
            return await ServiceRequestViews.LoadAsync(db, request, time.GetUtcNow(), ct);

        var contract = request.SupportContractId is { } contractId
            ? await db.SupportContracts.AsNoTracking().SingleAsync(c => c.Id == contractId, ct)
            : null;
        var charge = contract is null ? IncidentCharge.None : ServiceRequest.ChargeFor(status, resolution, contract.DecrementOn);
        var now = time.GetUtcNow();

        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var version = request.Version;
        var won = await db.ServiceRequests
            .Where(r => r.Id == id && r.Version == version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.Resolution, resolution)
                .SetProperty(r => r.Charge, charge)
                .SetProperty(r => r.LastModifiedDate, now)
                .SetProperty(r => r.LastClosedDate, r => status == ServiceRequestStatus.Closed ? now : r.LastClosedDate)
                .SetProperty(r => r.Version, version + 1), ct);
        if (won == 0)
        {
            // Someone changed it first. If that change is the one asked for (a double click, a
            // retry), the request is where the caller wants it: answer as for a repeat.
            await tx.RollbackAsync(ct);
            var current = await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
            return current.Status == status && current.Resolution == resolution
                ? await ServiceRequestViews.LoadAsync(db, current, time.GetUtcNow(), ct)
                : Error.Conflict(ErrorCodes.ServiceRequestChanged, "ServiceRequestChanged");
        }
        if (contract is not null)
        {
            var note = status == ServiceRequestStatus.Closed ? $"Closed as {resolution}" : "Reopened";
            var moved = await IncidentCharges.MoveAsync(db, contract, id, request.Charge, charge, caller.Actor, note, now, ct);
            if (!moved.IsSuccess)
                return moved.Error!;
            if (request.Charge != charge)
            {
                await db.ServiceRequests.Where(r => r.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.RemainingIncidents, moved.Value), ct);
            }
        }
        db.CaseEvents.Add(Casework.CaseEvents.New(id, now, EventKind(request.Status, status), caller,
            $"{ServiceRequest.StatusName(request.Status)} -> {ServiceRequest.StatusName(status)}" + (resolution is { } r ? $" ({System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(r.ToString())})" : "")));
        var changed = await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        var kind = EventKind(request.Status, status);
        db.AnnounceRequest(
            kind == Casework.CaseEventKind.Closed ? EventTypes.ServiceRequestClosed
            : kind == Casework.CaseEventKind.Reopened ? EventTypes.ServiceRequestReopened
            : EventTypes.ServiceRequestUpdated,
            changed, caller, now, change: new { field = "status", from = ServiceRequest.StatusName(request.Status), to = ServiceRequest.StatusName(status) });
        db.Audit(caller, now, "servicerequest.update", id, $"{request.Status}/{request.Resolution} -> {status}/{resolution}, {request.Charge} -> {charge}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (request.Charge != IncidentCharge.Consumed && charge == IncidentCharge.Consumed)
            metrics.IncidentsConsumed.Add(1);
        else if (request.Charge == IncidentCharge.Consumed && charge != IncidentCharge.Consumed)
            metrics.IncidentsRefunded.Add(1);
        return await ServiceRequestViews.LoadAsync(db, await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct), now, ct);
    }

    private static Casework.CaseEventKind EventKind(ServiceRequestStatus from, ServiceRequestStatus to) =>
        to == ServiceRequestStatus.Closed ? Casework.CaseEventKind.Closed
        : from == ServiceRequestStatus.Closed ? Casework.CaseEventKind.Reopened
        : Casework.CaseEventKind.StatusChanged;

    /// <summary>As the resource spells a status.</summary>
    private static Resolution? ParseResolution(string? value) => value switch
    {
        "resolved" => Resolution.Resolved,
        "duplicate" => Resolution.Duplicate,
        "notAnIncident" => Resolution.NotAnIncident,
        "productBug" => Resolution.ProductBug,
        "cancelled" => Resolution.Cancelled,
        _ => null,
    };
}
