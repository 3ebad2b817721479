using System.Globalization;
using System.Resources;

namespace PartnerSupport.Resources;

/// <summary>The product's sentences in en, pt-BR and es-ES (Messages*.resx).</summary>
public static class Messages
{
    private static readonly ResourceManager Resources = new("PartnerSupport.Resources.Messages", typeof(Messages).Assembly);

    public static ResourceManager ResourceManager => Resources;

    public static IReadOnlyList<CultureInfo> SupportedCultures { get; } =
        [CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("pt-BR"), CultureInfo.GetCultureInfo("es-ES")];

    public static string Get(string key, params object[] args) => Get(key, CultureInfo.CurrentUICulture, args);

    /// <summary>The sentence in the current language, or null when no resource has this key.</summary>
    public static string? Find(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture);

    public static string Get(string key, CultureInfo culture, params object[] args)
    {
        var text = Resources.GetString(key, culture) ?? key;
        return args.Length == 0 ? text : string.Format(culture, text, args);
    }
}
