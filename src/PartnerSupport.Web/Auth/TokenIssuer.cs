using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using PartnerSupport.Accounts;

namespace PartnerSupport.Web.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string Issuer = "partnersupport";

    /// <summary>Base64 of at least 32 random bytes. When absent, a key is generated once and kept in KeyFile.</summary>
    public string? SigningKey { get; set; }

    public string KeyFile { get; set; } = "data/signing-key";
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Issues the API's bearer tokens (JWT, HMAC-SHA256).</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key, Microsoft.Extensions.Options.IOptions<AuthOptions> options, TimeProvider time)
{
    public const string StampClaim = "stamp";

    public (string Token, int ExpiresIn) Issue(User user)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.TokenLifetime;
        var token = new JwtSecurityToken(
            issuer: AuthOptions.Issuer,
            audience: AuthOptions.Issuer,
            claims:
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.Email, user.Email ?? ""),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                // Changing the security stamp (password change, sign-out everywhere) voids old tokens.
                new Claim(StampClaim, user.SecurityStamp ?? ""),
            ],
            notBefore: now,
            expires: now + lifetime,
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return (new JwtSecurityTokenHandler().WriteToken(token), (int)lifetime.TotalSeconds);
    }

    /// <summary>The configured key, or one generated on first start and kept under the data folder.</summary>
    public static SymmetricSecurityKey LoadKey(AuthOptions options)
    {
        var encoded = options.SigningKey;
        if (string.IsNullOrEmpty(encoded))
        {
            if (File.Exists(options.KeyFile))
            {
                encoded = File.ReadAllText(options.KeyFile).Trim();
            }
            else
            {
                encoded = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.KeyFile))!);
                File.WriteAllText(options.KeyFile, encoded);
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(options.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        var bytes = Convert.FromBase64String(encoded);
        if (bytes.Length < 32)
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (base64).");
        return new SymmetricSecurityKey(bytes);
    }
}
