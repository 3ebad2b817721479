using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Web.Telemetry;

/// <summary>
/// <c>Logging:Format</c>: <c>simple</c>, the console's readable lines, or <c>json</c>, one JSON
/// object per line for a log pipeline, each with its scopes, among them the request's TraceId and
/// SpanId, so a line can be found from the trace and the trace from the line.
/// </summary>
public sealed class LogFormat
{
    public const string Section = "Logging";
    public const string Simple = "simple";
    public const string Json = "json";

    public string Format { get; set; } = Simple;

    public bool IsJson => string.Equals(Format, Json, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Problems()
    {
        if (!string.Equals(Format, Simple, StringComparison.OrdinalIgnoreCase) && !IsJson)
            yield return $"{Section}:{nameof(Format)} must be {Simple} or {Json} (got '{Format}').";
    }

    public static void Configure(WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<LogFormat, Validator>(builder.Configuration, Section);
        // Chosen before the host is built; a wrong value leaves the default and is reported by the
        // start-up validation with the others.
        var format = builder.Configuration.GetSection(Section).Get<LogFormat>() ?? new LogFormat();
        if (!format.IsJson)
            return;
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
    }

    public sealed class Validator : IValidateOptions<LogFormat>
    {
        public ValidateOptionsResult Validate(string? name, LogFormat options) => Settings.Result(options.Problems());
    }
}
