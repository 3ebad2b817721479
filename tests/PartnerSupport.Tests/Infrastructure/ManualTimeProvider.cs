namespace PartnerSupport.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (Microsoft's FakeTimeProvider does not restore here).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public void SetDate(DateOnly day) => Interlocked.Exchange(ref _ticks, new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero).UtcTicks);
}
