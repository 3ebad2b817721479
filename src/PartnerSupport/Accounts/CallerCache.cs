using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Accounts;

/// <summary>
/// The accounts resolved for recent requests, so that a client sending many requests is not
/// read from the database on each one (it was a third of a balance read's cost). An entry counts
/// only for the security stamp it was read with and for a few seconds (`Auth:CallerCacheDuration`,
/// default 5 s; zero turns the cache off). This process forgets an account at once when its
/// sessions end; another node of the same installation notices within that duration.
/// </summary>
public sealed class CallerCache(TimeProvider time, IOptions<AuthOptions> options)
{
    private const int SweepEvery = 1024;
    private readonly AuthOptions _options = options.Value;
    private readonly TimeSpan _duration = options.Value.CallerCacheDuration;
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _remembered;

    private sealed record Entry(Caller Caller, string? Stamp, long ReadAt);

    public Caller? Find(Guid userId, string? stamp)
    {
        if (!_entries.TryGetValue(userId, out var entry))
            return null;
        if (entry.Stamp != stamp)
            return null;
        if (time.GetElapsedTime(entry.ReadAt) >= _duration)
        {
            // Only this entry: a newer one written meanwhile stays.
            _entries.TryRemove(new KeyValuePair<Guid, Entry>(userId, entry));
            return null;
        }
        return entry.Caller;
    }

    /// <summary>The caller an account read from the database stands for, with what the settings ask of it.</summary>
    public Caller CallerFor(User user) => Caller.From(user) with { MustEnrolMfa = _options.MustEnrol(user) };

    public void Remember(User user)
    {
        if (_duration <= TimeSpan.Zero || user.Disabled)
            return;
        _entries[user.Id] = new Entry(CallerFor(user), user.SecurityStamp, time.GetTimestamp());
        // Accounts that stopped calling are dropped now and then, so the cache holds about the
        // accounts of the last few seconds rather than every account ever seen.
        if (Interlocked.Increment(ref _remembered) % SweepEvery == 0)
        {
            foreach (var pair in _entries)
            {
                if (time.GetElapsedTime(pair.Value.ReadAt) >= _duration)
                    _entries.TryRemove(pair);
            }
        }
    }

    public void Forget(Guid userId) => _entries.TryRemove(userId, out _);
}
