using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Storage;

namespace PartnerSupport.Web.Auth;

/// <summary>
/// Roles and organization are read from the database (or the last few seconds' reading, see
/// <see cref="CallerCache"/>) rather than trusted from the token or cookie, so a role taken away
/// or an account deleted takes effect promptly; a changed security stamp (sign-out everywhere,
/// password change) voids old tokens and cookies.
/// </summary>
public static class CallerResolution
{
    /// <summary>An API key sent as a bearer token: looked up in the database each time, never cached.</summary>
    public static async Task<ClaimsPrincipal?> ResolveApiKeyAsync(HttpContext http, string secret)
    {
        var caller = await http.RequestServices.GetRequiredService<AuthenticateApiKey>().RunAsync(secret, http.RequestAborted);
        if (caller is null)
            return null;
        http.Items[typeof(Common.Caller)] = caller with { ClientAddress = http.Connection.RemoteIpAddress?.ToString() };
        return new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", caller.UserId.ToString()), new Claim("apikey", caller.ApiKeyId.ToString()!)], "ApiKey", "sub", null));
    }

    public static async Task<bool> ResolveAsync(HttpContext http, ClaimsPrincipal? principal)
    {
        var sub = principal?.FindFirst("sub")?.Value;
        var stamp = principal?.FindFirst(TokenIssuer.StampClaim)?.Value;
        if (!Guid.TryParse(sub, out var userId))
            return false;
        var cache = http.RequestServices.GetRequiredService<CallerCache>();
        var caller = cache.Find(userId, stamp);
        if (caller is null)
        {
            var db = http.RequestServices.GetRequiredService<AppDbContext>();
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, http.RequestAborted);
            // A disabled account's stamp changed when it was disabled, but an account disabled by
            // hand in the database, or an API key's account, must be refused all the same.
            if (user is null || user.SecurityStamp != stamp || user.Disabled || user.IsApiKey)
                return false;
            cache.Remember(user);
            caller = cache.CallerFor(user);
        }
        http.Items[typeof(Common.Caller)] = caller with { ClientAddress = http.Connection.RemoteIpAddress?.ToString() };
        return true;
    }

    /// <summary>The signed-in caller; endpoints and pages behind the fallback policy always have one.</summary>
    public static Common.Caller Caller(this HttpContext http) =>
        http.Items[typeof(Common.Caller)] as Common.Caller ?? throw new InvalidOperationException("No authenticated caller on this request.");
}
