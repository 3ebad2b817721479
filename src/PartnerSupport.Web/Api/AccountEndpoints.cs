using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Storage;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class AccountEndpoints
{
    public sealed record TokenRequest(string? Email, string? Password);

    public static void Map(RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Accounts");

        api.MapPost("/token", async Task<Results<Ok<TokenDto>, ProblemHttpResult>> (TokenRequest body, VerifyCredentials verify, TokenIssuer issuer, HttpContext http, CancellationToken ct) =>
            {
                var verified = await verify.RunAsync(body.Email, body.Password, ct);
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
                + "every refusal is the same `invalid-credentials`, so the answer does not tell which e-mails exist. Rate-limited per client address.")
            .WithRequestExample(new TokenRequest("admin@contoso.example", "Demo-Passw0rd-1"))
            .Refuses(StatusCodes.Status401Unauthorized, "invalid-credentials")
            .Refuses(StatusCodes.Status429TooManyRequests, "too-many-requests");

        api.MapPost("/token/revoke", async (EndSessions endSessions, HttpContext http, CancellationToken ct) =>
        {
            await endSessions.RunAsync(http.Caller(), ct);
            return TypedResults.NoContent();
        })
            .WithName("SignOutEverywhere")
            .WithSummary("End every session of the account")
            .WithDescription("Any signed-in account. Voids every bearer token and portal cookie of the account, on every node within `Auth:CallerCacheDuration`.");

        api.MapGet("/me", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == http.Caller().UserId, ct);
            return TypedResults.Ok(UserDto.From(user));
        })
            .WithName("GetMe")
            .WithSummary("The signed-in account")
            .WithDescription("Any signed-in account.");

        api.MapPatch("/me", (UpdateProfileInput body, UpdateProfile uc, HttpContext http, CancellationToken ct) =>
            uc.RunAsync(http.Caller(), body, ct).Respond(http, u => TypedResults.Ok(UserDto.From(u))))
            .WithName("UpdateMe")
            .WithSummary("Change the signed-in account's name, e-mail language or notification mail")
            .WithDescription("Any signed-in account. Only the fields sent change: `displayName`, `language` (`en-US`, `pt-BR`, `es-ES`), "
                + "`notifications.email` (false: no notification mail; invitations and password resets still go).")
            .WithRequestExample(new UpdateProfileInput(null, "pt-BR", new NotificationSettingsInput(false)))
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed");
    }
}
