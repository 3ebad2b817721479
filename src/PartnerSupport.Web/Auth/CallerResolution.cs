using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Storage;

namespace PartnerSupport.Web.Auth;

/// <summary>
/// Roles and organization are read from the database on each request rather than trusted from
/// the token, so a role taken away or an account deleted takes effect at once.
/// </summary>
public static class CallerResolution
{
    public static async Task OnTokenValidated(TokenValidatedContext context)
    {
        var sub = context.Principal?.FindFirst("sub")?.Value;
        var stamp = context.Principal?.FindFirst(TokenIssuer.StampClaim)?.Value;
        if (!Guid.TryParse(sub, out var userId))
        {
            context.Fail("token has no subject");
            return;
        }
        var db = context.HttpContext.RequestServices.GetRequiredService<AppDbContext>();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, context.HttpContext.RequestAborted);
        if (user is null || user.SecurityStamp != stamp)
        {
            context.Fail("account no longer valid");
            return;
        }
        context.HttpContext.Items[typeof(Common.Caller)] = Common.Caller.From(user);
    }

    /// <summary>The signed-in caller; endpoints behind the fallback policy always have one.</summary>
    public static Common.Caller Caller(this HttpContext http) =>
        http.Items[typeof(Common.Caller)] as Common.Caller ?? throw new InvalidOperationException("No authenticated caller on this request.");
}
