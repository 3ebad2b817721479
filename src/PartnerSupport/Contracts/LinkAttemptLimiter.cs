using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Contracts;

/// <summary>
/// Counts wrong Access ID / Contract ID pairs per account and per client address in a sliding
/// window. Past the limit, linking is refused until the window has moved on, which turns
/// guessing 100-bit identifiers from hopeless into absurd. An address gets a larger allowance
/// than an account, since a whole office may share one. Kept in memory: each node counts on its
/// own, so with N nodes an attacker gets at most N times the limit. The numbers are
/// <c>RateLimits:WrongPairsPerAccount</c>, <c>:WrongPairsPerAddress</c> and <c>:WrongPairsWindow</c>.
/// </summary>
public sealed class LinkAttemptLimiter(TimeProvider time, IOptions<RateLimitOptions> options)
{
    private readonly int _perAccount = options.Value.WrongPairsPerAccount;
    private readonly int _perAddress = options.Value.WrongPairsPerAddress;
    private readonly TimeSpan _window = options.Value.WrongPairsWindow;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new();

    public static IReadOnlyList<string> Keys(Guid userId, string? clientAddress) =>
        clientAddress is null ? [$"user:{userId}"] : [$"user:{userId}", $"ip:{clientAddress}"];

    /// <summary>Null when allowed; otherwise how long until the next attempt is allowed.</summary>
    public TimeSpan? RetryAfter(IEnumerable<string> keys)
    {
        var now = time.GetUtcNow();
        TimeSpan? wait = null;
        foreach (var key in keys)
        {
            if (!_failures.TryGetValue(key, out var queue))
                continue;
            lock (queue)
            {
                Prune(queue, now);
                if (queue.Count == 0)
                {
                    // Forget keys with nothing left to count, so memory follows recent failures only.
                    _failures.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(key, queue));
                    continue;
                }
                if (queue.Count >= Limit(key))
                {
                    var until = queue.ElementAt(queue.Count - Limit(key)) + _window - now;
                    wait = wait is null || until > wait ? until : wait;
                }
            }
        }
        return wait;
    }

    public void RecordFailure(IEnumerable<string> keys)
    {
        var now = time.GetUtcNow();
        foreach (var key in keys)
        {
            var queue = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
            lock (queue)
            {
                Prune(queue, now);
                queue.Enqueue(now);
            }
        }
    }

    private int Limit(string key) => key.StartsWith("ip:", StringComparison.Ordinal) ? _perAddress : _perAccount;

    private void Prune(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && queue.Peek() + _window <= now)
            queue.Dequeue();
    }
}
