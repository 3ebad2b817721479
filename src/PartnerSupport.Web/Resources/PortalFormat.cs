using System.Globalization;

namespace PartnerSupport.Web.Resources;

/// <summary>
/// Dates, times, months, numbers and money as the page's language writes them (the request's
/// culture). English gets "Dec 2, 2026" rather than its culture's "12/2/2026", which readers of
/// day-first dates would misread; pt-BR and es-ES use their cultures' own short dates. Times are
/// UTC and say so, as everywhere in the service.
/// </summary>
public static class PortalFormat
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    private static bool IsEnglish => Culture.TwoLetterISOLanguageName == "en";

    public static string Date(DateOnly date) =>
        date.ToString(IsEnglish ? "MMM d, yyyy" : Culture.DateTimeFormat.ShortDatePattern, Culture);

    public static string Date(DateTimeOffset at) => Date(DateOnly.FromDateTime(at.UtcDateTime));

    public static string DateTime(DateTimeOffset at) =>
        $"{Date(at)} {at.UtcDateTime.ToString(Culture.DateTimeFormat.ShortTimePattern, Culture)} UTC";

    /// <summary>A whole month ("December 2026", "dezembro de 2026"); <paramref name="shortName"/> for tight places like a chart's axis.</summary>
    public static string Month(DateOnly firstDay, bool shortName = false) =>
        firstDay.ToString(shortName ? "MMM yyyy" : Culture.DateTimeFormat.YearMonthPattern, Culture);

    /// <summary>A month key of the reports ("2026-12"), or the key itself when it is not one.</summary>
    public static string Month(string yearMonth, bool shortName = false) =>
        DateOnly.TryParseExact(yearMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? Month(first, shortName)
            : yearMonth;

    public static string Number(int value) => value.ToString("N0", Culture);

    public static string Number(long value) => value.ToString("N0", Culture);

    /// <summary>
    /// An amount in the culture's number and currency layout, with the ISO code as the symbol:
    /// "USD 9,995.00", "USD 9.995,00", "9.995,00 USD" (a "$" alone would not say whose dollars).
    /// </summary>
    public static string Money(decimal amount, string currency)
    {
        var format = (NumberFormatInfo)Culture.NumberFormat.Clone();
        format.CurrencySymbol = currency;
        // Patterns 0 ("$n") and 1 ("n$") glue a symbol to the digits; a code needs the space.
        format.CurrencyPositivePattern = format.CurrencyPositivePattern switch { 0 => 2, 1 => 3, var p => p };
        return amount.ToString("C", format);
    }
}
