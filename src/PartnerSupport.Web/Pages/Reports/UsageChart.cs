using System.Globalization;
using PartnerSupport.Reports;

namespace PartnerSupport.Web.Pages.Reports;

/// <summary>
/// The geometry of the usage bar chart, computed on the server: the portal runs no script, so the
/// chart is plain SVG whose numbers are also in the table beside it.
/// </summary>
public sealed class UsageChart
{
    public const double Height = 240;
    public const double PlotTop = 24;
    public const double PlotBottom = 196;
    public const double BarWidth = 18;
    public const double Left = 16;
    private const double MonthWidth = 56;

    public UsageChart(IReadOnlyList<UsageMonth> months)
    {
        Max = Math.Max(1, months.Select(m => Math.Max(m.Consumed, m.Refunded)).DefaultIfEmpty(0).Max());
        Width = Left * 2 + months.Count * MonthWidth;
        Groups = months.Select((m, i) =>
        {
            var x = Left + i * MonthWidth + (MonthWidth - 2 * BarWidth) / 2;
            return new Group(m.Month, x + BarWidth, MakeBar("consumed", m.Month, m.Consumed, x), MakeBar("refunded", m.Month, m.Refunded, x + BarWidth));
        }).ToList();
    }

    public int Max { get; }
    public double Width { get; }
    public IReadOnlyList<Group> Groups { get; }

    private Bar MakeBar(string kind, string month, int value, double x)
    {
        var height = value * (PlotBottom - PlotTop) / Max;
        return new Bar(kind, month, value, x, PlotBottom - height, height);
    }

    /// <summary>SVG wants invariant numbers whatever the page's language.</summary>
    public static string N(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    public sealed record Group(string Month, double Center, Bar Consumed, Bar Refunded);

    public sealed record Bar(string Kind, string Month, int Value, double X, double Y, double Height);
}
