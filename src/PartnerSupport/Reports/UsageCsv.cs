using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace PartnerSupport.Reports;

/// <summary>The usage report as RFC 4180 CSV, the same from the API, the portal and psctl.</summary>
public static class UsageCsv
{
    public static readonly string[] Header = ["month", "organization", "contract", "product", "consumed", "refunded"];

    public static void Write(TextWriter writer, IEnumerable<UsageRow> rows)
    {
        // Names come from partners: one starting with = + - @ would run as a formula in a spreadsheet.
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };
        using var csv = new CsvWriter(writer, config, leaveOpen: true);
        foreach (var name in Header)
            csv.WriteField(name);
        csv.NextRecord();
        foreach (var r in rows)
        {
            csv.WriteField(r.Month);
            csv.WriteField(r.Organization);
            csv.WriteField(r.Contract);
            csv.WriteField(r.Product);
            csv.WriteField(r.Consumed);
            csv.WriteField(r.Refunded);
            csv.NextRecord();
        }
        csv.Flush();
    }

    public static string FileName(Usage usage) =>
        string.Create(CultureInfo.InvariantCulture, $"usage-{usage.From:yyyy-MM-dd}-{usage.To:yyyy-MM-dd}.csv");

    public static string ToText(IEnumerable<UsageRow> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, rows);
        return writer.ToString();
    }
}
