using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>
/// What an OpenID provider said about the person after signing them in: whose provider
/// (<see cref="Issuer"/>, the name people know it by), the provider's own ID for the person
/// (<c>sub</c>) and the e-mail address with whether the provider verified it. An invitation can
/// be accepted with the same identity, so it is a record of its own.
/// </summary>
public sealed record ProviderIdentity(string Issuer, string ProviderName, string Subject, string? Email, bool EmailVerified)
{
    /// <summary>
    /// Whether the provider gave an address and an ID that fit the account's columns; anything else
    /// opens no account, whatever the provider meant.
    /// </summary>
    public bool IsUsable =>
        !string.IsNullOrWhiteSpace(Email) && Email.Length <= 256 && !Email.Any(char.IsControl)
        && !string.IsNullOrEmpty(Subject) && Subject.Length <= 255;

    /// <summary>The user-login row that remembers this identity on the account, so that only it signs in there through this provider.</summary>
    public IdentityUserLogin<Guid> LoginFor(Guid userId) => new()
    {
        LoginProvider = Issuer,
        ProviderKey = Subject,
        ProviderDisplayName = ProviderName,
        UserId = userId,
    };
}

/// <summary>The account the provider's identity signs in to, and whether the portal still asks its second factor.</summary>
public sealed record ProviderSignIn(User User, bool NeedsSecondFactor);

/// <summary>
/// Single sign-on: the provider has authenticated the person; they sign in to the account with
/// the same verified e-mail. No account is ever created here: a stranger, an address the provider
/// did not verify, a disabled account and an API key's account are refused. The provider's
/// <c>sub</c> is remembered on the account (Identity's user logins) the first time, and from then
/// on only that <c>sub</c> signs in to it through that provider: a provider that hands the same
/// address to somebody else later does not hand them the account.
/// An account with a second factor still gives its code on the portal's second page: the
/// provider's own MFA is not known to us, and <c>Auth:RequireMfa</c> must hold whichever way the
/// person signs in.
/// </summary>
public sealed class SignInWithProvider(AppDbContext db, UserManager<User> users, TimeProvider time)
{
    public async Task<Result<ProviderSignIn>> RunAsync(ProviderIdentity identity, string? clientAddress, CancellationToken ct = default)
    {
        if (!identity.IsUsable)
            return Refused("SignInWithProviderNoAccount", identity);
        if (!identity.EmailVerified)
            return Refused("SignInWithProviderEmailNotVerified", identity);

        var user = await users.FindByEmailAsync(identity.Email!.Trim());
        if (user is null || user.IsApiKey)
            return Refused("SignInWithProviderNoAccount", identity);
        if (user.Disabled)
            return Refused("SignInWithProviderDisabled", identity);

        var logins = await db.UserLogins
            .Where(l => l.LoginProvider == identity.Issuer && (l.UserId == user.Id || l.ProviderKey == identity.Subject))
            .ToListAsync(ct);
        if (logins.Any(l => l.UserId != user.Id || l.ProviderKey != identity.Subject))
            return Refused("SignInWithProviderNoAccount", identity);

        var now = time.GetUtcNow();
        if (logins.Count == 0)
            db.UserLogins.Add(identity.LoginFor(user.Id));
        var needsSecondFactor = user.TwoFactorEnabled;
        // The second page records the sign-in time once the code is right, as for a password.
        if (!needsSecondFactor)
            user.LastSignInAt = now;
        // Names the provider only: the ID token and the provider's sub are no one's business in the trail.
        db.Audit(Caller.From(user) with { ClientAddress = clientAddress }, now, "account.signin.provider", user.Email ?? user.Id.ToString(),
            needsSecondFactor ? $"{identity.ProviderName}; second factor asked" : identity.ProviderName);
        await db.SaveChangesAsync(ct);
        return new ProviderSignIn(user, needsSecondFactor);
    }

    private static Error Refused(string messageKey, ProviderIdentity identity) =>
        new(ErrorKind.Unauthorized, ErrorCodes.SignInRefused, messageKey, identity.ProviderName);
}
