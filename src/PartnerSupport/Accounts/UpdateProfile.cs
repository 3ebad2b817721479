using Microsoft.EntityFrameworkCore;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

public sealed record UpdateProfileInput(string? DisplayName, string? Language, NotificationSettingsInput? Notifications);

public sealed record NotificationSettingsInput(bool? Email);

/// <summary>
/// A person's own settings: the name others see, the language of their e-mail (and of the portal
/// when no language was picked there), and whether they get notification mail. Only what is
/// sent changes.
/// </summary>
public sealed class UpdateProfile(AppDbContext db, CallerCache callers, TimeProvider time)
{
    public async Task<Result<User>> RunAsync(Caller caller, UpdateProfileInput input, CancellationToken ct = default)
    {
        var v = new Validator().Optional("displayName", input.DisplayName, 200);
        v.Check(input.Language is null || User.Languages.Contains(input.Language), "language", "must be en-US, pt-BR or es-ES");
        v.Check(input.Notifications is null || input.Notifications.Email is not null, "notifications.email", "must be true or false");
        if (!v.IsValid)
            return v.ToError();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == caller.UserId, ct);
        if (user is null)
            return Error.Forbidden();

        if (input.DisplayName is { } name)
            user.DisplayName = name.Trim();
        if (input.Language is { } language)
            user.Language = language;
        if (input.Notifications?.Email is { } email)
            user.EmailNotificationsOff = !email;
        if (!db.ChangeTracker.HasChanges())
            return user;
        db.Audit(caller, time.GetUtcNow(), "account.profile", caller.UserId,
            $"language {user.Language ?? "en-US"}, e-mail notifications {(user.EmailNotificationsOff ? "off" : "on")}");
        await db.SaveChangesAsync(ct);
        // The display name travels with the cached caller (messages, audit): drop it so the new one shows at once.
        callers.Forget(caller.UserId);
        return user;
    }
}
