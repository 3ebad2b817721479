using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Web.Auth;

/// <summary>
/// Sign-ins per client address, <c>POST /v1/token</c> and the portal's form counted together, so
/// switching between them gains a password sprayer nothing. Slows spraying across many accounts,
/// which the per-account lockout alone does not. Each node counts on its own, in memory.
/// </summary>
public sealed class SignInLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SignInLimiter(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        Window = limits.SignInWindow;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetSlidingWindowLimiter(address,
            _ => new SlidingWindowRateLimiterOptions { PermitLimit = limits.SignInPerAddress, Window = limits.SignInWindow, SegmentsPerWindow = 6 }));
    }

    /// <summary>
    /// How long a refused client waits at most: a whole window from now, every earlier sign-in has
    /// slid out of it. The sliding window does not tell when its oldest permits return.
    /// </summary>
    public TimeSpan Window { get; }

    /// <summary>The connection's address: behind a configured proxy, the client's it forwarded.</summary>
    public static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Takes one sign-in from the address's allowance: false when none is left.</summary>
    public bool TryAcquire(string address)
    {
        using var lease = AttemptAcquire(address, 1);
        return lease.IsAcquired;
    }

    public RateLimitLease AttemptAcquire(string address, int permits) => _limiter.AttemptAcquire(address, permits);

    public ValueTask<RateLimitLease> AcquireAsync(string address, int permits, CancellationToken ct) => _limiter.AcquireAsync(address, permits, ct);

    public RateLimiterStatistics? GetStatistics(string address) => _limiter.GetStatistics(address);

    /// <summary>Tells a refused client, in whole seconds, when to come back.</summary>
    public void SetRetryAfter(HttpResponse response) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(Window.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _limiter.Dispose();
}
