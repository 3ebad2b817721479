using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Common;
using PartnerSupport.Reports;

namespace PartnerSupport.Web.Pages.Reports;

/// <summary>Incidents consumed and refunded per month: operators see everyone, organization admins their organization.</summary>
public sealed class UsageModel(UsageReport report) : PortalPage
{
    public Usage? Usage { get; private set; }
    public UsageChart? Chart { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? from, string? to, CancellationToken ct)
    {
        var result = await RunAsync(from, to, ct);
        if (result.Error is { Kind: ErrorKind.Forbidden })
            return Forbid();
        if (result.IsSuccess)
        {
            Usage = result.Value;
            Chart = new UsageChart(Usage.Months);
            From = Usage.From.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            To = Usage.To.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            Show(result.Error!);
        }
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string? from, string? to, CancellationToken ct)
    {
        var result = await RunAsync(from, to, ct);
        if (result.Error is { Kind: ErrorKind.Forbidden })
            return Forbid();
        if (!result.IsSuccess)
        {
            Show(result.Error!);
            return Page();
        }
        return File(System.Text.Encoding.UTF8.GetBytes(UsageCsv.ToText(result.Value.Rows)), "text/csv; charset=utf-8", UsageCsv.FileName(result.Value));
    }

    private async Task<Result<Usage>> RunAsync(string? from, string? to, CancellationToken ct)
    {
        // Kept as typed, so a refused value stays in its box to be corrected.
        (From, To) = (from, to);
        // An empty box means "not given", as a browser sends it.
        return await report.RunAsync(Me, string.IsNullOrEmpty(from) ? null : from, string.IsNullOrEmpty(to) ? null : to, ct);
    }
}
