using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>
/// Withdraws a pending invitation: its link stops working at once. A conditional update, so an
/// acceptance at the same moment either wins (the revocation is refused) or loses.
/// </summary>
public sealed class RevokeInvitation(AppDbContext db, TimeProvider time)
{
    public async Task<Result<Invitation>> RunAsync(Caller caller, Guid organizationId, Guid invitationId, CancellationToken ct = default)
    {
        if (await OrganizationAdministration.RefuseAsync(db, caller, organizationId, ct) is { } refused)
            return refused;
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == invitationId && i.OrganizationId == organizationId, ct);
        if (invitation is null)
            return Error.NotFound(ErrorCodes.InvitationNotFound, "InvitationNotFound");
        var now = time.GetUtcNow();
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var revoked = await db.Invitations
            .Where(i => i.Id == invitationId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), ct);
        if (revoked == 0)
            return Error.Conflict(ErrorCodes.InvitationNotPending, "InvitationNotPending");
        db.Audit(caller, now, "invitation.revoke", invitation.Id, invitation.Email);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        invitation.RevokedAt = now;
        return invitation;
    }
}
