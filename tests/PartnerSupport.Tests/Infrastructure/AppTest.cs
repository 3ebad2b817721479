namespace PartnerSupport.Tests.Infrastructure;

/// <summary>A test class with a fresh database of its own and the application running on it.</summary>
public abstract class AppTest : IAsyncLifetime
{
    protected TestDatabase _db = null!;
    protected TestApp _app = null!;

    public virtual async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new TestApp(_db);
    }

    public virtual async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }
}
