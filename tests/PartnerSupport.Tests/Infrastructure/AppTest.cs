namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// A test class (or class fixture) with a fresh database of its own and the application hosted
/// in-process on it. The host starts on first use, so replacing it before then costs nothing.
/// </summary>
public abstract class AppTest : IAsyncLifetime
{
    protected TestDatabase _db = null!;
    protected TestApp _app = null!;

    /// <summary>Settings over TestApp's defaults, for every app this class starts.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Where the app's clock starts.</summary>
    protected virtual DateTimeOffset ClockStart => TestApp.DefaultStart;

    public virtual async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new TestApp(_db, new ManualTimeProvider(ClockStart), Settings);
    }

    /// <summary>
    /// Stops the app and starts a new one on the same database (with a fresh clock unless one is
    /// given), with <paramref name="settings"/> over <see cref="Settings"/>.
    /// </summary>
    protected async Task<TestApp> RestartAsync(IDictionary<string, string?>? settings = null, ManualTimeProvider? time = null)
    {
        await _app.DisposeAsync();
        var all = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        _app = new TestApp(_db, time ?? new ManualTimeProvider(ClockStart), all);
        return _app;
    }

    public virtual async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }
}
