using System.Globalization;
using PartnerSupport.Reports;

namespace PartnerSupport.Web.Pages.Reports;

/// <summary>
/// The geometry of the usage bar chart, computed on the server: the portal runs no script, so the
/// chart is plain SVG whose numbers are also in the table beside it. Bars run sideways, one row per
/// month, in a narrow drawing that the stylesheet scales to the width of its box: a phone shows it
/// nearly at its own size, so the labels stay readable, and more months only make it taller.
/// </summary>
public sealed class UsageChart
{
    public const double Width = 420;
    public const double Left = 104;
    public const double Top = 8;
    public const double BarHeight = 14;
    public const double LabelSize = 14;
    public const double ValueSize = 13;
    private const double Right = 40;
    private const double BarGap = 2;
    private const double GroupGap = 14;
    private const double GroupHeight = 2 * BarHeight + BarGap + GroupGap;

    public UsageChart(IReadOnlyList<UsageMonth> months)
    {
        Max = Math.Max(1, months.Select(m => Math.Max(m.Consumed, m.Refunded)).DefaultIfEmpty(0).Max());
        Height = Top + months.Count * GroupHeight;
        Groups = months.Select((m, i) =>
        {
            var y = Top + i * GroupHeight;
            return new Group(m.Month, y + BarHeight + BarGap / 2 + LabelSize / 3, MakeBar("consumed", m.Month, m.Consumed, y), MakeBar("refunded", m.Month, m.Refunded, y + BarHeight + BarGap));
        }).ToList();
    }

    public int Max { get; }
    public double Height { get; }
    public double PlotWidth => Width - Left - Right;
    public IReadOnlyList<Group> Groups { get; }

    private Bar MakeBar(string kind, string month, int value, double y) =>
        new(kind, month, value, Left, y, value * PlotWidth / Max);

    /// <summary>SVG wants invariant numbers whatever the page's language.</summary>
    public static string N(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    /// <summary>A month's two bars; <see cref="LabelY"/> is the baseline of its name, centred on them.</summary>
    public sealed record Group(string Month, double LabelY, Bar Consumed, Bar Refunded);

    public sealed record Bar(string Kind, string Month, int Value, double X, double Y, double Length)
    {
        /// <summary>Where the bar's number goes: just past its end, on its middle line.</summary>
        public double ValueX => X + Length + 4;

        public double ValueY => Y + BarHeight - 3;
    }
}
