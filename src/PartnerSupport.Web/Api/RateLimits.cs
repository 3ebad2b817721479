using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class RateLimits
{
    public const string SignIn = "sign-in";

    /// <summary>
    /// <c>POST /v1/token</c> draws on the same per-address allowance as the portal's sign-in form
    /// (<see cref="SignInLimiter"/>); refusals are 429 with Retry-After.
    /// </summary>
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<SignInLimiter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy<string, SignInPolicy>(SignIn);
            // Only the admission queue below uses the global callback: the sign-in policy has its own.
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return ValueTask.CompletedTask;
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
            o.GlobalLimiter = AdmissionQueue(limits.Value.ConcurrentRequests, limits.Value.QueuedRequests));
    }

    /// <summary>
    /// Fair queueing: at most <paramref name="concurrent"/> requests are worked on at once and the
    /// rest wait in one queue, oldest first. Without it, under overload a create waits behind every
    /// other create for SQLite's one writer while reads pass it, and the slowest answers take many
    /// times the median; with it, the wait is spent in the queue by every request alike. The health
    /// probes never queue: a busy node is not a dead one.
    /// </summary>
    private static PartitionedRateLimiter<HttpContext> AdmissionQueue(int concurrent, int queued) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.Request.Path.StartsWithSegments("/healthz")
                ? RateLimitPartition.GetNoLimiter("health")
                : RateLimitPartition.GetConcurrencyLimiter("node", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = concurrent,
                    QueueLimit = queued,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));

    private sealed class SignInPolicy(SignInLimiter limiter) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
        {
            limiter.SetRetryAfter(context.HttpContext.Response);
            return ValueTask.CompletedTask;
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.Get(SignInLimiter.Address(httpContext), address => new SharedAllowance(limiter, address));
    }

    /// <summary>
    /// The middleware keeps a limiter per partition and drops it once idle; this one only passes
    /// through to the address's allowance in <see cref="SignInLimiter"/>, which the portal shares.
    /// </summary>
    private sealed class SharedAllowance(SignInLimiter limiter, string address) : RateLimiter
    {
        private long _lastUsed = Stopwatch.GetTimestamp();

        public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => limiter.GetStatistics(address);

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
            return limiter.AttemptAcquire(address, permitCount);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
            return limiter.AcquireAsync(address, permitCount, cancellationToken);
        }
    }
}
