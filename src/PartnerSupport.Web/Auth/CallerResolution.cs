using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;

namespace PartnerSupport.Web.Auth;

/// <summary>
/// Roles and organization are read from the database on each request rather than trusted from
/// the token or cookie, so a role taken away or an account deleted takes effect at once; a
/// changed security stamp (sign-out everywhere, password change) voids old tokens and cookies.
/// </summary>
public static class CallerResolution
{
    public static async Task<bool> ResolveAsync(HttpContext http, ClaimsPrincipal? principal)
    {
        var sub = principal?.FindFirst("sub")?.Value;
        var stamp = principal?.FindFirst(TokenIssuer.StampClaim)?.Value;
        if (!Guid.TryParse(sub, out var userId))
            return false;
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, http.RequestAborted);
        if (user is null || user.SecurityStamp != stamp)
            return false;
        http.Items[typeof(Common.Caller)] = Common.Caller.From(user) with { ClientAddress = http.Connection.RemoteIpAddress?.ToString() };
        return true;
    }

    /// <summary>The signed-in caller; endpoints and pages behind the fallback policy always have one.</summary>
    public static Common.Caller Caller(this HttpContext http) =>
        http.Items[typeof(Common.Caller)] as Common.Caller ?? throw new InvalidOperationException("No authenticated caller on this request.");
}
