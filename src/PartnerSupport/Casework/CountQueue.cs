using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

/// <summary>How many requests each of the queue's usual filters holds; a count past <see cref="CountQueue.Cap"/> is said as "more than".</summary>
public sealed record QueueCounts(int Open, int WaitingOnPartner, int Unassigned, int Mine, int Breached);

/// <summary>
/// The queue's counts per filter, for the staff's links to them. Each is read from the queue's
/// indexes and stops at <see cref="Cap"/>: beyond that a person needs the filter, not the number,
/// and the page costs the same at any size.
/// </summary>
public sealed class CountQueue(AppDbContext db, TimeProvider time)
{
    public const int Cap = 1000;

    public async Task<Result<QueueCounts>> RunAsync(Caller caller, CancellationToken ct = default)
    {
        if (!caller.IsStaff)
            return Error.Forbidden();
        var now = time.GetUtcNow();
        var requests = db.ServiceRequests.AsNoTracking();
        var active = requests.Where(r => r.Status == ServiceRequestStatus.Open || r.Status == ServiceRequestStatus.AttentionNeeded);
        // One at a time: a context runs one query at once.
        var open = await CountAsync(requests.Where(r => r.Status == ServiceRequestStatus.Open), ct);
        var waiting = await CountAsync(requests.Where(r => r.Status == ServiceRequestStatus.AttentionNeeded), ct);
        var unassigned = await CountAsync(active.Where(r => r.AssignedToUserId == null), ct);
        var me = caller.UserId;
        var mine = await CountAsync(active.Where(r => r.AssignedToUserId == me), ct);
        var breached = await CountAsync(active.Where(ServiceRequest.BreachedAt(now)), ct);
        return new QueueCounts(open, waiting, unassigned, mine, breached);
    }

    private static Task<int> CountAsync(IQueryable<ServiceRequest> query, CancellationToken ct) =>
        query.Select(r => r.Id).Take(Cap + 1).CountAsync(ct);
}
