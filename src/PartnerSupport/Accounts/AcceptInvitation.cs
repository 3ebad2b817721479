using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

public sealed record AcceptInvitationInput(string? Token, string? Password, string? DisplayName);

/// <summary>
/// The invitee takes the account offered: with a password of their choosing
/// (<see cref="RunAsync"/>), or by signing in with single sign-on, whose provider vouches for the
/// e-mail (<see cref="RunBySignInAsync"/>). One transaction: the invitation is claimed by a
/// conditional update, so of two acceptances of one token exactly one gets past it, and the
/// account is created in the same transaction, so a refused account leaves the invitation pending.
/// A used, revoked, expired and unknown token get the same answer.
/// </summary>
public sealed class AcceptInvitation(AppDbContext db, UserManager<User> users, TimeProvider time)
{
    public async Task<Result<User>> RunAsync(AcceptInvitationInput input, CancellationToken ct = default)
    {
        var v = new Validator().Require("token", input.Token, 200).Require("password", input.Password, 256).Optional("displayName", input.DisplayName);
        if (!v.IsValid)
            return v.ToError();
        return await AcceptAsync(input.Token!, input.DisplayName, identity: null, input.Password, ct);
    }

    /// <summary>
    /// For single sign-on: the identity provider has signed the person in (<paramref name="identity"/>).
    /// The e-mail it verified must be the invitation's (case aside), or the answer is
    /// <c>invitation-invalid</c> like any other token that cannot be used. The account is created
    /// without a password and with the provider's <c>sub</c> remembered, as
    /// <see cref="SignInWithProvider"/> would on a first sign-in, so that the next sign-in through
    /// the provider finds it; a password can be set later by a reset.
    /// </summary>
    public async Task<Result<User>> RunBySignInAsync(string? token, ProviderIdentity identity, string? displayName, CancellationToken ct = default)
    {
        var v = new Validator().Require("token", token, 200).Optional("displayName", displayName);
        if (!v.IsValid)
            return v.ToError();
        if (!identity.IsUsable)
            return Invalid;
        if (!identity.EmailVerified)
            return new Error(ErrorKind.Unauthorized, ErrorCodes.SignInRefused, "SignInWithProviderEmailNotVerified", identity.ProviderName);
        // The provider's identity already opens another account: one person, one account.
        if (await db.UserLogins.AnyAsync(l => l.LoginProvider == identity.Issuer && l.ProviderKey == identity.Subject, ct))
            return LinkedElsewhere(identity);
        return await AcceptAsync(token!, displayName, identity, password: null, ct);
    }

    private static Error Invalid => new(ErrorKind.Validation, ErrorCodes.InvitationInvalid, "InvitationInvalid");

    private static Error LinkedElsewhere(ProviderIdentity identity) =>
        new(ErrorKind.Conflict, ErrorCodes.SignInRefused, "SignInWithProviderLinkedElsewhere", identity.ProviderName);

    private async Task<Result<User>> AcceptAsync(string token, string? displayName, ProviderIdentity? identity, string? password, CancellationToken ct)
    {
        var hash = OneTimeTokens.Hash(token);
        var now = time.GetUtcNow();
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null || invitation.StatusAt(now) != InvitationStatus.Pending
            || identity is not null && !string.Equals(identity.Email!.Trim(), invitation.Email, StringComparison.OrdinalIgnoreCase))
            return Invalid;
        var name = string.IsNullOrWhiteSpace(displayName) ? invitation.DisplayName : displayName.Trim();
        if (string.IsNullOrWhiteSpace(name))
            return Error.Validation("displayName", "is required");

        var user = new User
        {
            Id = Guid.CreateVersion7(),
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = name,
            AccountType = AccountType.Work,
            OrganizationId = invitation.OrganizationId,
            Roles = invitation.Roles,
            CreatedAt = now,
        };
        // The claim: a second acceptance waits on this row (PostgreSQL) or on the writer queue
        // (SQLite) and then finds it accepted.
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), ct);
        if (claimed == 0)
            return Invalid;

        db.Audit(Caller.From(user), now, "invitation.accept", invitation.Id,
            $"{invitation.Email}: {string.Join(",", RoleNames.ToNames(invitation.Roles))} {(invitation.OrganizationId is null ? "staff" : $"org {invitation.OrganizationId}")}"
            + (identity is null ? "" : $" by single sign-on with {identity.ProviderName}"));
        if (identity is not null)
            user.LastSignInAt = now;
        var created = password is null ? await CreateWithoutPasswordAsync(user, ct) : await CreateUser.CreateAsync(user, password, db, users);
        if (!created.IsSuccess)
            // Rolled back with the transaction: the invitation stays pending for another try.
            return created;
        if (identity is not null)
        {
            db.UserLogins.Add(identity.LoginFor(user.Id));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation())
            {
                // The same provider identity accepted another invitation at this moment: rolled
                // back with the transaction, as the check before it would have answered.
                db.ChangeTracker.Clear();
                return LinkedElsewhere(identity);
            }
        }
        // Only now does the account exist for the invitation to name.
        await db.Invitations.Where(i => i.Id == invitation.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedUserId, user.Id), ct);
        await tx.CommitAsync(ct);
        return created;
    }

    private async Task<Result<User>> CreateWithoutPasswordAsync(User user, CancellationToken ct)
    {
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return Error.Conflict(ErrorCodes.EmailTaken, "EmailTaken");
        }
        if (created.Succeeded)
            return user;
        db.ChangeTracker.Clear();
        return Error.Conflict(ErrorCodes.EmailTaken, "EmailTaken");
    }
}
