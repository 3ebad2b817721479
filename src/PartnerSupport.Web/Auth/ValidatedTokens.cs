using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnerSupport.Accounts;

namespace PartnerSupport.Web.Auth;

/// <summary>
/// The bearer tokens this node validated in the last few seconds (`Auth:CallerCacheDuration`),
/// keyed by the SHA-256 of the token, never the token itself. Parsing the token, checking its
/// HMAC and building its claims was the largest part of a balance read that is not the read.
/// What a cached answer still depends on is checked on every use, as a fresh validation would:
/// the token's expiry by the application's clock, and that the key it names still resolves on
/// this node (a key retired or revoked elsewhere stops resolving when the ring is read again, so
/// the token stops at the same moment it would without the cache). The account behind the token
/// (disabled, signed out everywhere, stamp changed) is not cached here: <see cref="CallerResolution"/>
/// runs for every request after this.
/// </summary>
public sealed class ValidatedTokens(TimeProvider time, IOptions<AuthOptions> options)
{
    private const int Capacity = 10_000;
    private readonly TimeSpan _duration = options.Value.CallerCacheDuration;
    private readonly ConcurrentDictionary<Hash, Entry> _entries = new();

    private readonly record struct Hash(UInt128 High, UInt128 Low);

    private sealed record Entry(ClaimsIdentity Identity, JsonWebToken Token, string? KeyId, SecurityKey Key, DateTime Expires, long ValidatedAt);

    /// <summary>The key id a cached token names; null when the token is not cached.</summary>
    public bool TryKeyId(string token, out string? keyId)
    {
        keyId = null;
        if (_duration <= TimeSpan.Zero || !_entries.TryGetValue(HashOf(token), out var entry))
            return false;
        keyId = entry.KeyId;
        return true;
    }

    /// <summary>The identity of a token validated moments ago and still valid, or null.</summary>
    public TokenValidationResult? Find(string token, TokenValidationParameters parameters)
    {
        if (_duration <= TimeSpan.Zero)
            return null;
        var hash = HashOf(token);
        if (!_entries.TryGetValue(hash, out var entry))
            return null;
        var now = time.GetUtcNow().UtcDateTime;
        if (time.GetElapsedTime(entry.ValidatedAt) >= _duration || now - parameters.ClockSkew >= entry.Expires || !StillResolves(entry, parameters))
        {
            _entries.TryRemove(new KeyValuePair<Hash, Entry>(hash, entry));
            return null;
        }
        // A copy: whatever a request adds to its principal stays with that request.
        return new TokenValidationResult { IsValid = true, ClaimsIdentity = entry.Identity.Clone(), SecurityToken = entry.Token };
    }

    public void Remember(string token, TokenValidationResult result)
    {
        if (_duration <= TimeSpan.Zero || !result.IsValid || result.ClaimsIdentity is null || result.SecurityToken is not JsonWebToken { SigningKey: { } key } jwt)
            return;
        if (_entries.Count >= Capacity)
        {
            foreach (var pair in _entries)
            {
                if (time.GetElapsedTime(pair.Value.ValidatedAt) >= _duration)
                    _entries.TryRemove(pair);
            }
            // Still full of live entries (a flood of distinct tokens): validate without caching.
            if (_entries.Count >= Capacity)
                return;
        }
        _entries[HashOf(token)] = new Entry(result.ClaimsIdentity.Clone(), jwt, jwt.Kid, key, jwt.ValidTo, time.GetTimestamp());
    }

    private static bool StillResolves(Entry entry, TokenValidationParameters parameters)
    {
        if (parameters.IssuerSigningKeyResolver is not { } resolver)
            return false;
        foreach (var key in resolver(null, entry.Token, entry.KeyId, parameters) ?? [])
        {
            // The ring builds new key objects when it reads the keys again: the same id is the same key.
            if (ReferenceEquals(key, entry.Key) || (key.KeyId is not null && key.KeyId == entry.Key.KeyId))
                return true;
        }
        return false;
    }

    private static Hash HashOf(string token)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return new Hash(
            new UInt128(BitConverter.ToUInt64(hash[..8]), BitConverter.ToUInt64(hash[8..16])),
            new UInt128(BitConverter.ToUInt64(hash[16..24]), BitConverter.ToUInt64(hash[24..])));
    }

    /// <summary>The bearer scheme's token handler: validates as JsonWebTokenHandler does, once per token per few seconds.</summary>
    public sealed class Handler(ValidatedTokens cache) : JsonWebTokenHandler
    {
        public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            if (cache.Find(token, validationParameters) is { } cached)
                return cached;
            var result = await base.ValidateTokenAsync(token, validationParameters);
            cache.Remember(token, result);
            return result;
        }
    }
}
