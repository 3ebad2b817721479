using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Accounts;

/// <summary>Sign-in tokens, their signing keys and the cache of accounts read (<c>Auth:*</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string Issuer = "partnersupport";

    /// <summary>
    /// Base64 of at least 32 random bytes. When set, this key alone signs and is accepted;
    /// otherwise the nodes share rotating keys kept in the database.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a key from the database signs before the next one takes over.</summary>
    public TimeSpan SigningKeyRotation { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a node reuses an account it read (<see cref="CallerCache"/>); zero turns the cache off.</summary>
    public TimeSpan CallerCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Who must have a second factor: nobody (<c>none</c>), operators and support engineers (<c>staff</c>), or everyone (<c>all</c>).</summary>
    public RequireMfa RequireMfa { get; set; } = RequireMfa.None;

    /// <summary>Whether this account must enrol a second factor before anything else.</summary>
    public bool MustEnrol(User user) => !user.TwoFactorEnabled && !user.IsApiKey && RequireMfa switch
    {
        RequireMfa.All => true,
        RequireMfa.Staff => (user.Roles & Roles.Staff) != 0,
        _ => false,
    };

    /// <summary>The configured signing key's bytes; null when none is configured or it is not base64.</summary>
    public byte[]? SigningKeyBytes()
    {
        if (string.IsNullOrEmpty(SigningKey))
            return null;
        var bytes = new byte[SigningKey.Length];
        return Convert.TryFromBase64String(SigningKey, bytes, out var written) ? bytes[..written] : null;
    }

    public IEnumerable<string> Problems()
    {
        // The key itself is never repeated: it is a secret.
        if (!string.IsNullOrEmpty(SigningKey) && SigningKeyBytes() is not { Length: >= 32 })
            yield return $"{Section}:{nameof(SigningKey)} must be base64 of at least 32 bytes.";
        foreach (var problem in Settings.Positive($"{Section}:{nameof(SigningKeyRotation)}", SigningKeyRotation)
                     .Concat(Settings.Positive($"{Section}:{nameof(TokenLifetime)}", TokenLifetime))
                     .Concat(Settings.NotNegative($"{Section}:{nameof(CallerCacheDuration)}", CallerCacheDuration)))
            yield return problem;
    }

    public sealed class Validator : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options) => Settings.Result(options.Problems());
    }
}

public enum RequireMfa
{
    None,
    Staff,
    All,
}
