using System.ComponentModel;
using PartnerSupport.Accounts;

namespace PartnerSupport.Web.Api;

/// <summary>A bearer token for the API.</summary>
public sealed record TokenDto(
    [property: Description("Send it as `Authorization: Bearer <accessToken>`.")] string AccessToken,
    [property: OneOf("Bearer")] string TokenType,
    [property: Description("Seconds until the token expires.")] int ExpiresIn);

/// <summary>An account: staff (operator, supportEngineer) or a user of an organization, or a personal account.</summary>
public sealed record UserDto(
    Guid Id,
    string? Email,
    string DisplayName,
    [property: OneOf(typeof(AccountType))] string AccountType,
    [property: Description("Null for personal and staff accounts.")] Guid? OrganizationId,
    [property: OneOf("globalAdmin", "mpnPartnerAdmin", "adminAgent", "operator", "supportEngineer")] IReadOnlyList<string> Roles,
    [property: OneOf("en-US", "pt-BR", "es-ES"), Description("The language of the account's e-mail.")] string Language,
    NotificationSettingsDto Notifications)
{
    public static UserDto From(User u) => new(u.Id, u.Email, u.DisplayName, Dtos.Name(u.AccountType), u.OrganizationId, RoleNames.ToNames(u.Roles),
        u.Language ?? "en-US", new NotificationSettingsDto(!u.EmailNotificationsOff));
}

/// <summary>What the account is told by e-mail.</summary>
public sealed record NotificationSettingsDto(
    [property: Description("Notification mail (request answers, status changes, alerts, activations); invitations and password resets are sent regardless.")] bool Email);
/// <summary>An account of an organization as its global admins see it.</summary>
public sealed record OrganizationUserDto(
    Guid Id,
    string? Email,
    string DisplayName,
    [property: OneOf(typeof(AccountType))] string AccountType,
    Guid? OrganizationId,
    [property: OneOf("globalAdmin", "mpnPartnerAdmin", "adminAgent")] IReadOnlyList<string> Roles,
    [property: Description("A disabled account signs in nowhere; its sessions ended when it was disabled.")] bool Disabled,
    [property: Description("The last successful sign-in (API token or portal); null if never.")] DateTimeOffset? LastSignInAt,
    [property: Description("Whether the account signs in with a second factor.")] bool MfaEnabled)
{
    public static OrganizationUserDto From(User u) => new(u.Id, u.Email, u.DisplayName, Dtos.Name(u.AccountType), u.OrganizationId,
        RoleNames.ToNames(u.Roles), u.Disabled, u.LastSignInAt, u.TwoFactorEnabled);
}

/// <summary>A TOTP secret to enter in an authenticator app; it counts once confirmed with a code.</summary>
public sealed record TotpEnrolmentDto(
    [property: Description("Base32, for typing into the app.")] string Secret,
    [property: Description("The same secret as an `otpauth://` URI, for a QR code.")] string OtpauthUri);

/// <summary>Ten single-use codes that stand in for the second factor; shown this once.</summary>
public sealed record RecoveryCodesDto(IReadOnlyList<string> RecoveryCodes);

/// <summary>An organization's API key; never the key itself.</summary>
public sealed record ApiKeyDto(
    Guid Id,
    string Name,
    [property: OneOf("globalAdmin", "mpnPartnerAdmin", "adminAgent")] IReadOnlyList<string> Roles,
    [property: Description("The key's first characters, to tell keys apart.")] string Prefix,
    DateTimeOffset CreatedAt,
    [property: Description("Null: the key does not expire.")] DateTimeOffset? ExpiresAt,
    [property: Description("Updated at most once a minute; null if never used.")] DateTimeOffset? LastUsedAt)
{
    public static ApiKeyDto From(ApiKey k) => new(k.Id, k.Name, RoleNames.ToNames(k.Roles), k.Prefix, k.CreatedAt, k.ExpiresAt, k.LastUsedAt);
}

/// <summary>A new API key, with the key itself: this answer is the only time it is shown.</summary>
public sealed record CreatedApiKeyDto(
    Guid Id,
    string Name,
    [property: OneOf("globalAdmin", "mpnPartnerAdmin", "adminAgent")] IReadOnlyList<string> Roles,
    string Prefix,
    [property: Description("Send it as `Authorization: Bearer <key>`. Shown this once; only a hash is kept.")] string Key,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt)
{
    public static CreatedApiKeyDto From(CreatedApiKey c) =>
        new(c.Key.Id, c.Key.Name, RoleNames.ToNames(c.Key.Roles), c.Key.Prefix, c.Secret, c.Key.CreatedAt, c.Key.ExpiresAt);
}

/// <summary>An invitation to an organization (or to the staff); never its token, which only the mail carries.</summary>
public sealed record InvitationDto(
    Guid Id,
    string Email,
    [property: Description("The name suggested by the inviter; the invitee may choose another.")] string? DisplayName,
    [property: OneOf("globalAdmin", "mpnPartnerAdmin", "adminAgent", "operator", "supportEngineer")] IReadOnlyList<string> Roles,
    [property: Description("Null for a staff invitation.")] Guid? OrganizationId,
    [property: OneOf(typeof(InvitationStatus))] string Status,
    DateTimeOffset CreatedAt,
    [property: Description("After it the link no longer works (`Invitations:Lifetime` after the invitation).")] DateTimeOffset ExpiresAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? RevokedAt)
{
    public static InvitationDto From(Invitation i, DateTimeOffset now) => new(i.Id, i.Email, i.DisplayName, RoleNames.ToNames(i.Roles), i.OrganizationId,
        Dtos.Name(i.StatusAt(now)), i.CreatedAt, i.ExpiresAt, i.AcceptedAt, i.RevokedAt);
}

/// <summary>The answer to a password reset request: the same whether or not an account has the e-mail.</summary>
public sealed record PasswordResetRequestedDto(
    [property: Description("In the request's language: if an account has the e-mail, a link is on its way.")] string Detail);
