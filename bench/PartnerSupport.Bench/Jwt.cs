using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace PartnerSupport.Bench;

/// <summary>
/// Bearer tokens for the workloads' 1,000 accounts, signed with the key the bench gives its servers
/// (<c>Auth:SigningKey</c>), with the claims TokenIssuer writes (sub, email, jti, stamp, iss, aud,
/// nbf, exp). Signing in 1,000 times through <c>POST /v1/token</c> would cost a password hash each
/// and meet the sign-in rate limit; the server checks these tokens exactly as it checks its own.
/// </summary>
public static class Jwt
{
    public const string Issuer = "partnersupport";

    /// <summary>A fresh key for one run, base64 as Auth:SigningKey wants it.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Mint(string base64Key, Guid userId, string email, string securityStamp, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = userId.ToString(),
            ["email"] = email,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["stamp"] = securityStamp,
            ["nbf"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
            ["iat"] = now,
            ["iss"] = Issuer,
            ["aud"] = Issuer,
        }));
        var signed = header + "." + payload;
        var signature = HMACSHA256.HashData(Convert.FromBase64String(base64Key), Encoding.ASCII.GetBytes(signed));
        return signed + "." + Encode(signature);
    }

    private static string Encode(byte[] bytes) => Base64UrlTextEncoder.Encode(bytes);
}
