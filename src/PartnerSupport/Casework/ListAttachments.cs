using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Storage;

namespace PartnerSupport.Casework;

/// <summary>A request's files, oldest first; partners never see those of internal messages.</summary>
public sealed class ListAttachments(AppDbContext db)
{
    public async Task<Result<IReadOnlyList<Attachment>>> RunAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (!await ListServiceRequests.Readable(db, caller).AnyAsync(r => r.Id == id, ct))
            return Error.NotFound(ErrorCodes.ServiceRequestNotFound, "ServiceRequestNotFound");
        var items = await db.Attachments.AsNoTracking()
            .Where(a => a.ServiceRequestId == id && (caller.IsStaff || !a.Internal))
            .OrderBy(a => a.At).ThenBy(a => a.Id)
            .ToListAsync(ct);
        return Result<IReadOnlyList<Attachment>>.From(items);
    }
}
