using PartnerSupport.Accounts;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>
/// What a person's authenticator app does with the secret the enrolment shows: decodes its Base32
/// (RFC 4648, as the app reads what is typed in) and computes the code of a moment.
/// </summary>
public static class Authenticator
{
    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }

    /// <summary>The code the app shows at <paramref name="now"/> for the Base32 <paramref name="secret"/>.</summary>
    public static string CodeAt(string secret, DateTimeOffset now) => Totp.Code(FromBase32(secret), Totp.StepAt(now));
}
