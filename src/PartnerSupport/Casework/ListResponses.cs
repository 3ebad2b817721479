using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

/// <summary>The answers given on a request (its public staff messages), oldest first, for whoever may read the request.</summary>
public sealed class ListResponses(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<ServiceRequestResponse>>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        var query = ListServiceRequests.Readable(db, caller);
        if (!await query.AnyAsync(r => r.Id == id, ct))
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        var items = await db.Messages.AsNoTracking()
            .Where(m => m.ServiceRequestId == id && m.Side == MessageSide.Staff && m.Visibility == MessageVisibility.Public)
            .OrderBy(m => m.At).ThenBy(m => m.Id)
            .Select(m => new ServiceRequestResponse
            {
                Id = m.Id,
                ServiceRequestId = m.ServiceRequestId,
                At = m.At,
                AuthorUserId = m.AuthorUserId,
                // This list has always named the author by e-mail, as the ledger and audit do.
                Author = db.Users.Where(u => u.Id == m.AuthorUserId).Select(u => u.Email).FirstOrDefault() ?? m.AuthorName,
                Message = m.Text,
            })
            .ToListAsync(ct);
        return Result<IReadOnlyList<ServiceRequestResponse>>.From(items);
    }
}
