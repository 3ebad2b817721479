using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// The hosted app's clock: Microsoft's <see cref="FakeTimeProvider"/> for the date and time the
/// test sets and moves (<c>Advance</c>, <c>SetUtcNow</c>), while timers and timestamps run on real
/// time. The app's workers wait on timers between passes and the tests wait for those passes in
/// real time; a fake timer would fire only when a test moves the clock.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);

    public override long GetTimestamp() => Stopwatch.GetTimestamp();

    public override long TimestampFrequency => Stopwatch.Frequency;

    /// <summary>That day, at 10:00 UTC.</summary>
    public void SetDate(DateOnly day) => SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));
}
