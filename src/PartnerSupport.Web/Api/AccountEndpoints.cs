using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Storage;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class AccountEndpoints
{
    public sealed record TokenRequest(string? Email, string? Password, string? Otp = null);

    public sealed record ConfirmTotpRequest(string? Code);

    public sealed record PasswordResetRequest(string? Email);

    public static void Map(RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Accounts");

        api.MapPost("/token", async Task<Results<Ok<TokenDto>, ProblemHttpResult>> (TokenRequest body, SignIn signIn, TokenIssuer issuer, HttpContext http, CancellationToken ct) =>
            {
                var verified = await signIn.RunAsync(body.Email, body.Password, body.Otp, ct);
                if (!verified.IsSuccess)
                    return Problems.From(verified.Error!, http);
                var (token, expiresIn) = await issuer.IssueAsync(verified.Value, ct);
                return TypedResults.Ok(new TokenDto(token, "Bearer", expiresIn));
            })
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.SignIn)
            .WithName("SignIn")
            .WithSummary("Sign in")
            .WithDescription("Anyone. Exchanges an e-mail and password for a bearer token. Five wrong passwords lock the account for 15 minutes; "
                + "every refusal is the same `invalid-credentials`, so the answer does not tell which e-mails exist. Rate-limited per client address. "
                + "An account with a second factor also sends `otp`: the current code of its authenticator app, or an unused recovery code; "
                + "without it, or with a wrong one, the answer is `mfa-required` (wrong codes count toward the lockout).")
            .WithRequestExample(new TokenRequest("admin@contoso.example", "Demo-Passw0rd-1"))
            .Refuses(StatusCodes.Status401Unauthorized, "invalid-credentials", "mfa-required")
            .Refuses(StatusCodes.Status429TooManyRequests, "too-many-requests");

        api.MapPost("/invitations/accept", (AcceptInvitationInput body, AcceptInvitation uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(body, ct).Respond(http, u => TypedResults.Ok(UserDto.From(u))))
            .AllowAnonymous()
            .WithName("AcceptInvitation")
            .WithSummary("Accept an invitation")
            .WithDescription("Anyone holding an invitation's token (from the link in its e-mail). Creates the account the invitation offers, "
                + "with the invitation's e-mail, organization and roles, and the `displayName` and `password` given (`displayName` may be left out "
                + "when the inviter suggested one); then sign in with `POST /v1/token`. A token works once: a used, revoked, expired or unknown "
                + "token gets the same 400 `invitation-invalid`. A password the rules refuse is 400 `validation-failed`, and the invitation stays usable.")
            .WithRequestExample(new AcceptInvitationInput("token-from-the-mail", "Choose-A-Passw0rd", "New Admin"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed", "invitation-invalid")
            .Refuses(StatusCodes.Status409Conflict, "email-taken");

        api.MapPost("/account/password-reset", async Task<Results<Accepted<PasswordResetRequestedDto>, ProblemHttpResult>> (PasswordResetRequest body, RequestPasswordReset uc, HttpContext http, CancellationToken ct) =>
            {
                var asked = await uc.RunAsync(body.Email, http.Connection.RemoteIpAddress?.ToString(), ct);
                return asked.IsSuccess
                    ? TypedResults.Accepted((string?)null, new PasswordResetRequestedDto(PartnerSupport.Resources.Messages.Get("PasswordResetRequested")))
                    : Problems.From(asked.Error!, http);
            })
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.SignIn)
            .WithName("RequestPasswordReset")
            .WithSummary("Ask for a password reset link")
            .WithDescription("Anyone. 202 with the same body whether or not an account has the e-mail, so the answer tells nothing about which e-mails exist. "
                + "An enabled account (not a disabled one) is mailed a one-time link to `/account/reset-password?token=...`, good for "
                + "`Accounts:ResetTokenLifetime` (default 1 hour), in the account's language, even when its notification mail is off. "
                + "Rate-limited per client address, with the same allowance as `POST /v1/token`.")
            .WithRequestExample(new PasswordResetRequest("admin@contoso.example"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status429TooManyRequests, "too-many-requests");

        api.MapPost("/account/password-reset/confirm", (ResetPasswordInput body, ResetPassword uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(body, ct).Respond(http, _ => TypedResults.NoContent()))
            .AllowAnonymous()
            .WithName("ConfirmPasswordReset")
            .WithSummary("Set a new password with a reset token")
            .WithDescription("Anyone holding a reset token (from the link in its e-mail). Sets the password and ends every session of the account "
                + "(its tokens and portal cookies stop working); the token works once. A wrong, used or expired token: 400 `reset-token-invalid`. "
                + "The new password needs at least 10 characters with upper case, lower case and a digit.")
            .WithRequestExample(new ResetPasswordInput("token-from-the-mail", "New-Passw0rd-2"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed", "reset-token-invalid");

        api.MapPost("/token/revoke", async (EndSessions endSessions, HttpContext http, CancellationToken ct) =>
        {
            await endSessions.RunAsync(http.Caller(), ct);
            return TypedResults.NoContent();
        })
            .WithName("SignOutEverywhere")
            .WithSummary("End every session of the account")
            .WithDescription("Any signed-in account. Voids every bearer token and portal cookie of the account, on every node within `Auth:CallerCacheDuration`.")
            .AllowedBeforeMfaEnrolment();

        api.MapGet("/me", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == http.Caller().UserId, ct);
            return TypedResults.Ok(UserDto.From(user));
        })
            .WithName("GetMe")
            .WithSummary("The signed-in account")
            .WithDescription("Any signed-in account.")
            .AllowedBeforeMfaEnrolment();

        api.MapPatch("/me", (UpdateProfileInput body, UpdateProfile uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, ct).Respond(http, u => TypedResults.Ok(UserDto.From(u))))
            .WithName("UpdateMe")
            .WithSummary("Change the signed-in account's name, e-mail language or notification mail")
            .WithDescription("Any signed-in account. Only the fields sent change: `displayName`, `language` (`en-US`, `pt-BR`, `es-ES`), "
                + "`notifications.email` (false: no notification mail; invitations and password resets still go).")
            .WithRequestExample(new UpdateProfileInput(null, "pt-BR", new NotificationSettingsInput(false)))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .AllowedBeforeMfaEnrolment();

        api.MapPost("/account/password", (ChangePasswordInput body, ChangePassword uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, ct).Respond(http, _ => TypedResults.NoContent()))
            .WithName("ChangePassword")
            .WithSummary("Change the password")
            .WithDescription("Any signed-in person (not an API key). Every session of the account ends, this token's too: sign in again with the new password. "
                + "The new password needs at least 10 characters with upper case, lower case and a digit.")
            .WithRequestExample(new ChangePasswordInput("Old-Passw0rd-1", "New-Passw0rd-2"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status401Unauthorized, "invalid-credentials")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .AllowedBeforeMfaEnrolment();

        api.MapPost("/account/mfa/totp", (StartTotpEnrolment uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), ct).Respond(http, e => TypedResults.Ok(new TotpEnrolmentDto(e.Secret, e.OtpauthUri))))
            .WithName("StartTotpEnrolment")
            .WithSummary("Start enrolling a second factor")
            .WithDescription("Any signed-in person. A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 seconds) for an authenticator app; "
                + "it is required at sign-in only once confirmed. Starting again replaces an unconfirmed secret.")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status409Conflict, "mfa-already-enabled")
            .AllowedBeforeMfaEnrolment();

        api.MapPost("/account/mfa/totp/confirm", (ConfirmTotpRequest body, ConfirmTotpEnrolment uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body.Code, ct).Respond(http, codes => TypedResults.Ok(new RecoveryCodesDto(codes))))
            .WithName("ConfirmTotpEnrolment")
            .WithSummary("Confirm the second factor")
            .WithDescription("Any signed-in person. `code`: the app's current code. From then on `POST /v1/token` needs `otp`. "
                + "The answer holds ten recovery codes, each good once in place of a code; they are shown this once.")
            .WithRequestExample(new ConfirmTotpRequest("123456"))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized")
            .Refuses(StatusCodes.Status409Conflict, "mfa-already-enabled")
            .AllowedBeforeMfaEnrolment();
    }
}
