using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
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
        });
    }

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
