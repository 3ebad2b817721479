using System.Security.Cryptography;

namespace PartnerSupport.Contracts;

/// <summary>
/// Access IDs and Contract IDs are bearer secrets that people read aloud and type. Each is 20
/// characters from Crockford's base-32 alphabet (no I, L, O or U, so nothing is confused with
/// 1, 0 or V), drawn from a CSPRNG: 100 random bits, shown in groups of five.
/// </summary>
public static class ContractIdentifiers
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 20;
    public const int EntropyBits = Length * 5;

    public static string NewAccessId() => Generate();
    public static string NewContractId() => Generate();

    private static string Generate()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return Grouped(chars);
    }

    /// <summary>
    /// Accepts what a person types: any case, spaces or hyphens anywhere, and the letters people
    /// confuse with digits (O for 0, I and L for 1). Returns null when it cannot be an identifier.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 64)
            return null;
        Span<char> chars = stackalloc char[Length];
        var n = 0;
        foreach (var raw in typed)
        {
            if (raw is ' ' or '-')
                continue;
            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (n == Length || !Alphabet.Contains(c))
                return null;
            chars[n++] = c;
        }
        return n == Length ? Grouped(chars) : null;
    }

    private static string Grouped(ReadOnlySpan<char> chars) =>
        $"{chars[..5]}-{chars[5..10]}-{chars[10..15]}-{chars[15..]}";
}
