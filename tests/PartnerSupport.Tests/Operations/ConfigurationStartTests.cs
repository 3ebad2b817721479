using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// An operator who mistypes a setting learns at start which key is wrong and why: the server
/// process exits with a failure code and one line naming the key, not a stack trace, and does
/// not start serving with a value it cannot use.
/// </summary>
public sealed class ConfigurationStartTests
{
    [SkippableTheory]
    [InlineData("Alerts:Interval", "-00:00:01", "must be a positive duration")]
    [InlineData("Alerts:Interval", "banana", "banana")]
    [InlineData("Alerts:LowBalancePercent", "150", "from 0 to 100")]
    [InlineData("Webhooks:Url", "ftp://hooks.example/in", "absolute http or https URL")]
    [InlineData("Webhooks:MaxAttempts", "0", "at least 1")]
    [InlineData("Database:Provider", "Oracle", "Oracle")]
    [InlineData("Bootstrap:OperatorPassword", "", "Bootstrap:OperatorEmail")]
    [InlineData("Auth:SigningKey", "c2hvcnQ=", "at least 32 bytes")]
    [InlineData("Auth:CallerCacheDuration", "-00:00:05", "zero or more")]
    [InlineData("Maintenance:Interval", "00:00:00", "must be a positive duration")]
    [InlineData("Idempotency:Retention", "00:00:00", "must be a positive duration")]
    [InlineData("ResponseTargets:Critical", "-01:00:00", "must be a positive duration")]
    [InlineData("RateLimits:SignInPerAddress", "0", "at least 1")]
    [InlineData("Activation:PollInterval", "00:00:00", "must be a positive duration")]
    [InlineData("Catalog:Path", "/nonexistent/catalog.json", "existing catalog file")]
    [InlineData("Bench:HelloEndpoint", "maybe", "maybe")]
    [InlineData("ForwardedHeaders:KnownProxies", "proxy.example", "'proxy.example'")]
    [InlineData("Oidc:Authority", "http://idp.contoso.example/", "absolute https URL")]
    public async Task A_wrong_setting_stops_the_server_with_one_line_naming_the_key(string key, string value, string saying)
    {
        // A real server process that must refuse to start, not the in-process AppTest host.
        await using var db = await TestDatabase.CreateAsync();
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(db, new Dictionary<string, string> { [key.Replace(":", "__", StringComparison.Ordinal)] = value });

        Assert.NotEqual(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Any(l => l.Contains(key, StringComparison.Ordinal) && l.Contains(saying, StringComparison.Ordinal)),
            $"no line names {key} and says '{saying}':\n{output}");
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("is running", output, StringComparison.Ordinal);
    }
}
