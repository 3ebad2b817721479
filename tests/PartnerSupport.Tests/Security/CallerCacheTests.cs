using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerSupport.Accounts;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// The few seconds for which a node reuses an account it read: never for another security stamp,
/// never past the configured duration, never after its sessions ended on this node.
/// </summary>
public sealed class CallerCacheTests
{
    private static readonly User Dana = new()
    {
        Id = Guid.NewGuid(),
        Email = "dana@fabrikam.example",
        DisplayName = "Dana Reyes",
        SecurityStamp = "stamp-1",
        Roles = Roles.GlobalAdmin,
        OrganizationId = Guid.NewGuid(),
    };

    [SkippableFact]
    public void An_account_read_moments_ago_is_reused_only_for_the_same_security_stamp()
    {
        var cache = new CallerCache(new FakeTimeProvider(), Settings("00:00:05"));
        cache.Remember(Dana);

        var caller = cache.Find(Dana.Id, "stamp-1");
        Assert.NotNull(caller);
        Assert.Equal((Dana.Id, Dana.OrganizationId, Roles.GlobalAdmin), (caller.UserId, caller.OrganizationId, caller.Roles));
        // A token issued before a sign-out elsewhere carries the old stamp: it must be read again.
        Assert.Null(cache.Find(Dana.Id, "stamp-0"));
        Assert.Null(cache.Find(Guid.NewGuid(), "stamp-1"));
    }

    [SkippableFact]
    public void The_reading_expires_after_the_configured_duration()
    {
        var clock = new FakeTimeProvider();
        var cache = new CallerCache(clock, Settings("00:00:05"));
        cache.Remember(Dana);

        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.NotNull(cache.Find(Dana.Id, "stamp-1"));
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Null(cache.Find(Dana.Id, "stamp-1"));
    }

    [SkippableFact]
    public void Ending_the_sessions_forgets_the_account_at_once_and_a_zero_duration_never_remembers()
    {
        var cache = new CallerCache(new FakeTimeProvider(), Settings("00:00:05"));
        cache.Remember(Dana);
        cache.Forget(Dana.Id);
        Assert.Null(cache.Find(Dana.Id, "stamp-1"));

        var off = new CallerCache(new FakeTimeProvider(), Settings("00:00:00"));
        off.Remember(Dana);
        Assert.Null(off.Find(Dana.Id, "stamp-1"));
    }

    private static IOptions<AuthOptions> Settings(string duration) =>
        Options.Create(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:CallerCacheDuration"] = duration }).Build()
            .GetSection(AuthOptions.Section).Get<AuthOptions>()!);
}
