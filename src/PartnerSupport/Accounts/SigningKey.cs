using System.Security.Cryptography;

namespace PartnerSupport.Accounts;

/// <summary>
/// A key that signs the API's bearer tokens (HMAC-SHA256), kept in the database so that every
/// node of an installation signs with the same key and accepts the others' tokens. The newest
/// key signs; it is replaced once it is older than the rotation period. An older key signs no
/// more but is still accepted until every token it signed has expired, and may then be purged.
/// Whoever can read this table can mint tokens: it is as secret as the database itself.
/// </summary>
public sealed class SigningKey
{
    /// <summary>HMAC-SHA256 needs at least 32 bytes; 64 is the hash's block size.</summary>
    public const int Length = 64;

    /// <summary>
    /// Kept beyond a token's lifetime: the clock skew that token validation allows, and the
    /// clocks of other nodes running a little behind the one that rotated.
    /// </summary>
    public static readonly TimeSpan RetentionMargin = TimeSpan.FromMinutes(5);

    private SigningKey()
    {
    }

    /// <summary>1, 2, 3...: the primary key, so two nodes rotating at once cannot both add the next key.</summary>
    public int Generation { get; private set; }

    /// <summary>The JWT <c>kid</c>: random, so it tells nothing of the key or of how many there were.</summary>
    public string KeyId { get; private set; } = "";

    public byte[] Material { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The key that follows <paramref name="newest"/> (the first one when there is none).</summary>
    public static SigningKey After(SigningKey? newest, DateTimeOffset now) => new()
    {
        Generation = (newest?.Generation ?? 0) + 1,
        KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        Material = RandomNumberGenerator.GetBytes(Length),
        CreatedAt = now,
    };

    public bool IsDue(DateTimeOffset now, TimeSpan rotation) => now >= CreatedAt + rotation;

    /// <summary>
    /// A key stops signing when the next one is made. Once a newer key was made before this
    /// cutoff, every token the older key signed has expired: the older key is retired.
    /// </summary>
    public static DateTimeOffset RetirementCutoff(DateTimeOffset now, TimeSpan tokenLifetime) =>
        now - tokenLifetime - RetentionMargin;
}
