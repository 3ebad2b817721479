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
