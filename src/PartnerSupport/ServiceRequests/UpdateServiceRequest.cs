using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Storage;

namespace PartnerSupport.ServiceRequests;

public sealed record UpdateServiceRequestInput(string? Status, string? Resolution);

/// <summary>
/// Closes or reopens a request. Closing as duplicate, not an incident, product bug or cancelled
/// gives its incident back; reopening takes it again. The request's update is conditional on its
/// version, so the same change sent twice (or two changes at once) moves the balance once.
/// </summary>
public sealed class UpdateServiceRequest(AppDbContext db, TimeProvider time, PartnerSupportMetrics metrics)
{
    public async Task<Result<ServiceRequestView>> RunAsync(Caller caller, Guid id, UpdateServiceRequestInput input, CancellationToken ct = default)
    {
        var (status, resolution) = (input.Status, input.Resolution) switch
        {
            ("open", null) => (ServiceRequestStatus.Open, (Resolution?)null),
            ("closed", var r) when ParseResolution(r) is { } parsed => (ServiceRequestStatus.Closed, parsed),
            _ => ((ServiceRequestStatus?)null, (Resolution?)null),
        };
        if (status is null)
        {
            return Error.Validation(new Dictionary<string, string[]>
            {
                ["status"] = ["send {status: \"closed\", resolution: resolved|duplicate|notAnIncident|productBug|cancelled} or {status: \"open\"}"],
            });
        }

        var query = ListServiceRequests.Readable(db, caller);
        var request = await query.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        if (request.Status == status && request.Resolution == resolution)
            return await ServiceRequestViews.LoadAsync(db, request, time.GetUtcNow(), ct);

        var contract = request.SupportContractId is { } contractId
            ? await db.SupportContracts.AsNoTracking().SingleAsync(c => c.Id == contractId, ct)
            : null;
        var charge = contract is null ? IncidentCharge.None : ServiceRequest.ChargeFor(status.Value, resolution, contract.DecrementOn);
        var now = time.GetUtcNow();

        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var version = request.Version;
        var won = await db.ServiceRequests
            .Where(r => r.Id == id && r.Version == version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status.Value)
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
        db.Audit(caller, now, "servicerequest.update", id, $"{request.Status}/{request.Resolution} -> {status}/{resolution}, {request.Charge} -> {charge}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (request.Charge != IncidentCharge.Consumed && charge == IncidentCharge.Consumed)
            metrics.IncidentsConsumed.Add(1);
        else if (request.Charge == IncidentCharge.Consumed && charge != IncidentCharge.Consumed)
            metrics.IncidentsRefunded.Add(1);
        return await ServiceRequestViews.LoadAsync(db, await db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct), now, ct);
    }

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
