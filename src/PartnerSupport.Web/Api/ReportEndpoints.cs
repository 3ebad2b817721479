using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerSupport.Common;
using PartnerSupport.Reports;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Api;

public static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/reports/usage", async Task<Results<Ok<UsageDto>, FileContentHttpResult, ProblemHttpResult>> (
            [Description("First month (`2026-11`) or day (`2026-11-21`) of the period; default eleven months before the month of `to`.")] string? from,
            [Description("Last month or day of the period, included; default today.")] string? to,
            [Description("`json` (default) or `csv`.")][OneOf("json", "csv")] string? format,
            UsageReport uc, HttpContext http, CancellationToken ct) =>
        {
            if (format is not (null or "json" or "csv"))
                return Problems.From(Error.Validation("format", "must be csv or json"), http);
            var result = await uc.RunAsync(http.Caller(), from, to, ct);
            if (!result.IsSuccess)
                return Problems.From(result.Error!, http);
            var usage = result.Value;
            return format == "csv"
                ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(UsageCsv.ToText(usage.Rows)), "text/csv; charset=utf-8", UsageCsv.FileName(usage))
                : TypedResults.Ok(UsageDto.Of(usage));
        })
            .AlsoAnswers(StatusCodes.Status200OK, "text/csv", "With `format=csv`: the same rows as a CSV file (`Content-Disposition: attachment`).")
            .WithTags("Reports")
            .WithName("GetUsageReport")
            .WithSummary("Incidents consumed and refunded per month")
            .WithDescription("Operators (every organization) and an organization's `globalAdmin` or `mpnPartnerAdmin` (its own contracts); others 403. "
                + "Counted from the ledger, per month, organization, contract and product; at most 120 months. `format=csv` answers "
                + "`month,organization,contract,product,consumed,refunded` (RFC 4180; a name starting with `=`, `+`, `-` or `@` gets a leading `'`).")
            .Refuses(StatusCodes.Status400BadRequest, "validation-failed")
            .Refuses(StatusCodes.Status403Forbidden, "not-authorized");
    }
}
