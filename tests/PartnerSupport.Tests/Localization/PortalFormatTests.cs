using System.Globalization;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Tests.Localization;

/// <summary>Dates and money on the portal's pages, as each language writes them (never ISO).</summary>
public sealed class PortalFormatTests
{
    [SkippableTheory]
    [InlineData("en", "Dec 2, 2026", "Dec 2, 2026 2:05 PM UTC", "USD 9,995.00", "December 2026")]
    [InlineData("pt-BR", "02/12/2026", "02/12/2026 14:05 UTC", "USD 9.995,00", "dezembro de 2026")]
    [InlineData("es-ES", "2/12/2026", "2/12/2026 14:05 UTC", "9.995,00 USD", "diciembre de 2026")]
    public void Dates_months_and_money_follow_the_pages_language(string language, string date, string dateTime, string money, string month)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            Assert.Equal(date, PortalFormat.Date(new DateOnly(2026, 12, 2)));
            Assert.Equal(dateTime, Normalize(PortalFormat.DateTime(new DateTimeOffset(2026, 12, 2, 14, 5, 0, TimeSpan.Zero))));
            Assert.Equal(money, Normalize(PortalFormat.Money(9995m, "USD")));
            Assert.Equal(month, PortalFormat.Month("2026-12"));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }

    // ICU writes some spaces as no-break spaces; the reader sees a space.
    private static string Normalize(string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');
}
