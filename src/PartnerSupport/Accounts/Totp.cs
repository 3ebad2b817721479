using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PartnerSupport.Accounts;

/// <summary>RFC 6238 time-based one-time codes: HMAC-SHA1, 6 digits, 30-second steps, what every authenticator app speaks.</summary>
public static class Totp
{
    public const int Digits = 6;
    public const int StepSeconds = 30;

    public static long StepAt(DateTimeOffset at) => at.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>RFC 4226's dynamic truncation of HMAC-SHA1 over the step counter.</summary>
    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(secret, counter, hash);
        var offset = hash[^1] & 0x0f;
        var value = BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff;
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The step the code belongs to, among the current one and one either side (a phone's clock
    /// drifts), or null. Compared in constant time: a timing difference must not hint at digits.
    /// </summary>
    public static long? Match(byte[] secret, string code, DateTimeOffset now)
    {
        var step = StepAt(now);
        long? found = null;
        foreach (var candidate in new[] { step - 1, step, step + 1 })
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(secret, candidate)), Encoding.ASCII.GetBytes(code)))
                found = candidate;
        }
        return found;
    }

    /// <summary>RFC 4648 base32 without padding, the form authenticator apps take a secret in.</summary>
    public static string Base32(byte[] data)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
            text.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }

    public static string OtpauthUri(string issuer, string account, byte[] secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={Base32(secret)}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";
}
