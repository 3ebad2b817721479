using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>The invitation just issued, with its token: this answer and the mail are the only places the token exists.</summary>
public sealed record IssuedInvitation(Invitation Invitation, string Token);

/// <summary>
/// Issuing an invitation, the same for an organization's (<see cref="CreateInvitation"/>) and the
/// staff's (<see cref="InviteStaff"/>): an e-mail that already has an account is refused, an
/// earlier pending invitation of the same address to the same place is revoked (inviting again
/// is how a lost mail is resent), and the mail goes in the inviter's language.
/// </summary>
internal static class Invitations
{
    public static async Task<Result<IssuedInvitation>> IssueAsync(
        AppDbContext db, UserManager<User> users, AccountMail mail, TimeSpan lifetime, Caller caller,
        Guid? organizationId, string email, string? displayName, Roles roles, DateTimeOffset now, CancellationToken ct)
    {
        var normalized = users.NormalizeEmail(email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct))
            return Error.Conflict(ErrorCodes.EmailTaken, "EmailTaken");

        var earlier = await db.Invitations
            .Where(i => i.OrganizationId == organizationId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ToListAsync(ct);
        foreach (var old in earlier.Where(i => string.Equals(i.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            old.RevokedAt = now;
            db.Audit(caller, now, "invitation.revoke", old.Id, "replaced by a new invitation");
        }

        var token = OneTimeTokens.New();
        var invitation = new Invitation
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Email = email,
            DisplayName = displayName,
            Roles = roles,
            TokenHash = OneTimeTokens.Hash(token),
            CreatedAt = now,
            CreatedBy = caller.Actor,
            ExpiresAt = now + lifetime,
        };
        db.Invitations.Add(invitation);

        var inviter = await db.Users.AsNoTracking().Where(u => u.Id == caller.UserId)
            .Select(u => new { u.DisplayName, u.Language }).SingleOrDefaultAsync(ct);
        var place = organizationId is { } orgId
            ? await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => o.Name).SingleAsync(ct)
            : "";
        var culture = Notifications.MailTemplates.Culture(inviter?.Language);
        mail.Add(db, AccountMail.InvitationEvent, organizationId, null, email, culture.Name,
            organizationId is null ? "StaffInvitation" : "Invitation",
            [inviter?.DisplayName ?? caller.DisplayName, place, invitation.ExpiresAt.UtcDateTime.ToString("f", culture) + " UTC"],
            "/account/invitation", token, now);
        db.Audit(caller, now, "invitation.create", invitation.Id,
            $"{email}: {string.Join(",", RoleNames.ToNames(roles))} {(organizationId is null ? "staff" : $"org {organizationId}")}");
        await db.SaveChangesAsync(ct);
        return new IssuedInvitation(invitation, token);
    }
}
