using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>
/// Someone asks for a password reset link for an e-mail. The caller learns nothing of whether the
/// account exists: the answer is always the same, and the work nearly so (a token is minted and
/// hashed, and one write is made, the audit entry, either way). Only an enabled person's account
/// (not an API key, not disabled) is mailed; the mail goes in the account's language.
/// </summary>
public sealed class RequestPasswordReset(AppDbContext db, UserManager<User> users, AccountMail mail, IOptions<AccountOptions> options, TimeProvider time)
{
    public async Task<Result<bool>> RunAsync(string? email, string? clientAddress, CancellationToken ct = default)
    {
        var v = new Validator().Require("email", email, 256);
        if (!v.IsValid)
            return v.ToError();
        var now = time.GetUtcNow();
        var token = OneTimeTokens.New();
        var hash = OneTimeTokens.Hash(token);
        var normalized = users.NormalizeEmail(email!.Trim());
        var user = await db.Users.AsNoTracking()
            .SingleOrDefaultAsync(u => u.NormalizedEmail == normalized && !u.IsApiKey && !u.Disabled, ct);
        var caller = user is null
            ? Caller.System with { ClientAddress = clientAddress }
            : Caller.From(user) with { ClientAddress = clientAddress };
        if (user is not null)
        {
            var expiresAt = now + options.Value.ResetTokenLifetime;
            db.PasswordResetTokens.Add(new PasswordResetToken { Id = Guid.CreateVersion7(), UserId = user.Id, TokenHash = hash, CreatedAt = now, ExpiresAt = expiresAt });
            var culture = Notifications.MailTemplates.Culture(user.Language);
            mail.Add(db, AccountMail.PasswordResetEvent, user.OrganizationId, user.Id, user.Email!, culture.Name, "PasswordReset",
                [expiresAt.UtcDateTime.ToString("f", culture) + " UTC"], "/account/reset-password", token, now);
        }
        // The e-mail asked for is recorded as typed (cut to the audit's length) whether or not it is an account's.
        db.Audit(caller, now, "password-reset.request", email.Trim(), user is null ? "no enabled account: nothing sent" : "link sent");
        await db.SaveChangesAsync(ct);
        return true;
    }
}
