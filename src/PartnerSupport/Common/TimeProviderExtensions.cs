namespace PartnerSupport.Common;

public static class TimeProviderExtensions
{
    /// <summary>Contracts run on UTC calendar dates, so "today" is the UTC date.</summary>
    public static DateOnly Today(this TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
