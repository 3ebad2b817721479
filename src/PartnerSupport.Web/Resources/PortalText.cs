using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Html;

namespace PartnerSupport.Web.Resources;

/// <summary>The portal's sentences in en, pt-BR and es-ES (Portal*.resx), in the request's language.</summary>
public sealed class PortalText
{
    private static readonly ResourceManager Resources = new("PartnerSupport.Web.Resources.Portal", typeof(PortalText).Assembly);

    public string this[string key] => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public string Format(string key, params object[] args) => string.Format(CultureInfo.CurrentUICulture, this[key], args);

    /// <summary>An enum value as the portal names it ("Status.active" → "Active").</summary>
    public string Of(string prefix, string value) => Resources.GetString($"{prefix}.{value}", CultureInfo.CurrentUICulture) ?? value;

    /// <summary>A wait as people say it: "1 minute", "15 minutes", "30 seconds" (rounded up).</summary>
    public string Duration(TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        if (seconds < 60)
            return seconds == 1 ? this["Duration.second"] : Format("Duration.seconds", seconds);
        var minutes = (seconds + 59) / 60;
        return minutes == 1 ? this["Duration.minute"] : Format("Duration.minutes", minutes);
    }

    public static HtmlString Lang => new(CultureInfo.CurrentUICulture.Name.Length == 0 ? "en" : CultureInfo.CurrentUICulture.Name);
}
