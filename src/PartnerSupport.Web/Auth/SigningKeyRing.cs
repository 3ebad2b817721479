using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using PartnerSupport.Accounts;

namespace PartnerSupport.Web.Auth;

/// <summary>
/// This node's token signing keys: the configured <c>Auth:SigningKey</c> alone, or else the keys
/// every node shares through the database (<see cref="SigningKey"/>). Those are read again every
/// minute; at once when the newest is due for rotation (this node then adds the next one unless
/// another node just did); and when a token names a key this node does not know, since another
/// node may have just made it. That last reason counts at most every ten seconds, so tokens with
/// made-up key ids cannot make every request read the database.
/// </summary>
public sealed class SigningKeyRing
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan UnknownKeyInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private readonly IServiceScopeFactory _scopes;
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SigningKeyRing> _logger;
    private readonly SymmetricSecurityKey? _configured;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly Lock _unknownKeyLock = new();
    private volatile Snapshot? _snapshot;
    private DateTimeOffset _unknownKeyReadAt = DateTimeOffset.MinValue;

    public SigningKeyRing(IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time, ILogger<SigningKeyRing> logger)
    {
        _scopes = scopes;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _configured = ConfiguredKey(_options);
    }

    private sealed record Entry(SigningKey Key, SymmetricSecurityKey Security);

    /// <summary>The keys oldest first; read again once <paramref name="FreshUntil"/> has passed.</summary>
    private sealed record Snapshot(IReadOnlyList<Entry> Keys, DateTimeOffset FreshUntil, DateTimeOffset RotationCheckAfter)
    {
        public Entry Newest => Keys[^1];

        public int IndexOf(string keyId)
        {
            for (var i = 0; i < Keys.Count; i++)
            {
                if (Keys[i].Key.KeyId == keyId)
                    return i;
            }
            return -1;
        }
    }

    /// <summary>The key of <c>Auth:SigningKey</c>, or null when none is configured (a bad one stops the start: <see cref="AuthOptions.Problems"/>).</summary>
    public static SymmetricSecurityKey? ConfiguredKey(AuthOptions options) =>
        options.SigningKeyBytes() is { } bytes ? new SymmetricSecurityKey(bytes) : null;

    /// <summary>The key that signs a new token now.</summary>
    public async ValueTask<SymmetricSecurityKey> SigningKeyAsync(CancellationToken ct)
    {
        if (_configured is not null)
            return _configured;
        var snapshot = _snapshot;
        if (NeedsReading(snapshot, _time.GetUtcNow()))
            snapshot = await ReadAsync(snapshot, ct);
        return snapshot!.Newest.Security;
    }

    /// <summary>Before a token is checked: fresh keys, and another look when the token names a key this node does not know.</summary>
    public async ValueTask PrepareAsync(string? keyId, CancellationToken ct)
    {
        if (_configured is not null)
            return;
        var snapshot = _snapshot;
        var now = _time.GetUtcNow();
        if (NeedsReading(snapshot, now))
        {
            await ReadAsync(snapshot, ct);
            return;
        }
        if (string.IsNullOrEmpty(keyId) || snapshot!.IndexOf(keyId) >= 0)
            return;
        lock (_unknownKeyLock)
        {
            if (now - _unknownKeyReadAt < UnknownKeyInterval)
                return;
            _unknownKeyReadAt = now;
        }
        await ReadAsync(snapshot, ct);
    }

    /// <summary>The key a token names, while it is not retired; none for an unknown or retired key.</summary>
    public IEnumerable<SecurityKey> Resolve(string? keyId)
    {
        if (_configured is not null)
            return [_configured];
        if (_snapshot is not { } snapshot || string.IsNullOrEmpty(keyId))
            return [];
        var index = snapshot.IndexOf(keyId);
        if (index < 0)
            return [];
        var cutoff = SigningKey.RetirementCutoff(_time.GetUtcNow(), _options.TokenLifetime);
        for (var i = index + 1; i < snapshot.Keys.Count; i++)
        {
            if (snapshot.Keys[i].Key.CreatedAt <= cutoff)
                return [];
        }
        return [snapshot.Keys[index].Security];
    }

    private bool NeedsReading(Snapshot? snapshot, DateTimeOffset now) =>
        snapshot is null
        || now >= snapshot.FreshUntil
        || (now >= snapshot.RotationCheckAfter && snapshot.Newest.Key.IsDue(now, _options.SigningKeyRotation));

    private async Task<Snapshot> ReadAsync(Snapshot? seen, CancellationToken ct)
    {
        await _reading.WaitAsync(ct);
        try
        {
            // Another request read them while this one waited.
            if (_snapshot is { } current && !ReferenceEquals(current, seen))
                return current;
            Snapshot read;
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var keys = await scope.ServiceProvider.GetRequiredService<RotateSigningKey>().RunAsync(_options.SigningKeyRotation, ct);
                var now = _time.GetUtcNow();
                read = new Snapshot([.. keys.Select(k => new Entry(k, new SymmetricSecurityKey(k.Material) { KeyId = k.KeyId }))], now + RefreshInterval, now);
            }
            catch (Exception ex) when (seen is not null && ex is not OperationCanceledException)
            {
                // The keys in hand still serve: a database hiccup must not fail every sign-in and API call.
                _logger.LogWarning(ex, "The token signing keys could not be read; the ones in hand serve until the next attempt");
                var now = _time.GetUtcNow();
                read = seen with { FreshUntil = now + RetryInterval, RotationCheckAfter = now + RetryInterval };
            }
            _snapshot = read;
            return read;
        }
        finally
        {
            _reading.Release();
        }
    }
}
