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
        v1.MapPost("/token", async (TokenRequest body, VerifyCredentials verify, TokenIssuer issuer, HttpContext http, CancellationToken ct) =>
            {
                var verified = await verify.RunAsync(body.Email, body.Password, ct);
                if (!verified.IsSuccess)
                    return Problems.From(verified.Error!, http);
                var (token, expiresIn) = await issuer.IssueAsync(verified.Value, ct);
                return Results.Ok(new { accessToken = token, tokenType = "Bearer", expiresIn });
            })
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.SignIn);

        v1.MapPost("/token/revoke", async (EndSessions endSessions, HttpContext http, CancellationToken ct) =>
        {
            await endSessions.RunAsync(http.Caller(), ct);
            return Results.NoContent();
        });

        v1.MapGet("/me", async (HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == http.Caller().UserId, ct);
            return Results.Ok(Dtos.User(user));
        });
    }
}
