using System.Threading.RateLimiting;

namespace PartnerSupport.Web.Api;

public static class RateLimits
{
    public const string SignIn = "sign-in";

    /// <summary>
    /// Per client address: slows password spraying across many accounts, which the per-account
    /// lockout alone does not.
    /// </summary>
    public static void Add(IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignIn, http => RateLimitPartition.GetSlidingWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new SlidingWindowRateLimiterOptions { PermitLimit = 60, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6 }));
        });
}
