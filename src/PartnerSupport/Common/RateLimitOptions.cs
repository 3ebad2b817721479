using Microsoft.Extensions.Options;

namespace PartnerSupport.Common;

/// <summary>
/// Every limit on guessing (<c>RateLimits:*</c>), and the admission queue. Each node counts in its own memory, so with N
/// nodes a client gets at most N times these numbers; the password lockout is the exception,
/// being stored on the account.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-ins (API and portal together) from one client address per <see cref="SignInWindow"/>.</summary>
    public int SignInPerAddress { get; set; } = 60;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wrong Access ID / Contract ID pairs per account per <see cref="WrongPairsWindow"/>.</summary>
    public int WrongPairsPerAccount { get; set; } = 5;

    /// <summary>Larger than per account, since a whole office may share one address.</summary>
    public int WrongPairsPerAddress { get; set; } = 20;

    public TimeSpan WrongPairsWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong passwords in a row that lock the account for <see cref="LockoutDuration"/>.</summary>
    public int WrongPasswordsBeforeLockout { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Requests a node works on at once; the rest wait their turn, oldest first, so that under
    /// overload every request waits about as long rather than some far longer than others.
    /// </summary>
    public int ConcurrentRequests { get; set; } = 64;

    /// <summary>Requests that may wait for a turn; one more is refused at once (429, Retry-After).</summary>
    public int QueuedRequests { get; set; } = 4096;

    /// <summary>What is wrong, naming the key; empty when every limit can be applied.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (key, value) in new[]
                 {
                     (nameof(SignInPerAddress), SignInPerAddress), (nameof(WrongPairsPerAccount), WrongPairsPerAccount),
                     (nameof(WrongPairsPerAddress), WrongPairsPerAddress), (nameof(WrongPasswordsBeforeLockout), WrongPasswordsBeforeLockout),
                     (nameof(ConcurrentRequests), ConcurrentRequests), (nameof(QueuedRequests), QueuedRequests),
                 })
        {
            if (value < 1)
                yield return $"{Section}:{key} must be a whole number of at least 1 (it is {value}).";
        }
        foreach (var (key, value) in new[] { (nameof(SignInWindow), SignInWindow), (nameof(WrongPairsWindow), WrongPairsWindow), (nameof(LockoutDuration), LockoutDuration) })
        {
            if (value < TimeSpan.FromSeconds(1))
                yield return $"{Section}:{key} must be at least one second, such as 00:15:00 (it is {value}).";
        }
    }

    /// <summary>Refuses the start with every problem found, rather than failing a sign-in later.</summary>
    public sealed class Validator : IValidateOptions<RateLimitOptions>
    {
        public ValidateOptionsResult Validate(string? name, RateLimitOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
