using PartnerSupport.Common;
using PartnerSupport.Reports;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/reports/usage", async (string? from, string? to, string? format, UsageReport uc, HttpContext http, CancellationToken ct) =>
        {
            if (format is not (null or "json" or "csv"))
                return Problems.From(Error.Validation("format", "must be csv or json"), http);
            return (await uc.RunAsync(http.Caller(), from, to, ct)).RespondLegacy(http, usage => format == "csv"
                ? Results.File(System.Text.Encoding.UTF8.GetBytes(UsageCsv.ToText(usage.Rows)), "text/csv; charset=utf-8", UsageCsv.FileName(usage))
                : Results.Ok(Dtos.Usage(usage)));
        });
    }
}
