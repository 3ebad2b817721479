using System.Security.Cryptography;
using System.Text;

namespace PartnerSupport.Accounts;

/// <summary>The tokens mailed for invitations and password resets: 256 random bits, URL-safe, kept only as a hash.</summary>
public static class OneTimeTokens
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Hex SHA-256; a value too long to be a token is hashed too, so the work is the same for any input.</summary>
    public static string Hash(string? token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token ?? "")));
}
