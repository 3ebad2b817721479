using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PartnerSupport.Common;

namespace PartnerSupport.Web.Telemetry;

/// <summary>
/// OpenTelemetry for operators: traces (requests, outgoing HTTP, database commands), metrics (the
/// PartnerSupport meter, ASP.NET Core's and HttpClient's) and logs, sent over OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the other <c>OTEL_*</c> variables apply as the SDK
/// reads them), and the metrics at <c>/metrics</c> when <c>Telemetry:Prometheus</c> is on. With
/// neither, nothing is registered, so a node that exports nothing pays nothing.
/// </summary>
public static class TelemetrySetup
{
    public const string DefaultServiceName = "partnersupport";
    public const string ScrapePath = "/metrics";

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<TelemetryOptions, TelemetryOptions.Validator>(builder.Configuration, TelemetryOptions.Section);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = builder.Configuration.GetValue<bool>($"{TelemetryOptions.Section}:{nameof(TelemetryOptions.Prometheus)}");
        if (!otlp && !prometheus)
            return;

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PartnerSupportMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (prometheus)
                    metrics.AddPrometheusExporter();
            });
        if (!otlp)
            return;

        otel.WithTracing(tracing => tracing
                // Probes and scrapes every few seconds would drown the requests people ask about.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                .AddHttpClientInstrumentation()
                // Spans for both providers; the SQL text, whose values are parameters the spans leave out.
                .AddEntityFrameworkCoreInstrumentation())
            .WithLogging()
            .UseOtlpExporter();
    }

    /// <summary>
    /// <c>/metrics</c>, answered before authentication (a scraper sends no credentials): the
    /// metrics to a client of an allowed network when <c>Telemetry:Prometheus</c> is on, 404 to
    /// anyone else and whenever it is off. Call after UseKnownProxies, so that a client behind the
    /// proxy is judged by its own address, not the proxy's.
    /// </summary>
    public static void UseTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        var allowed = options.AllowedNetworks();
        app.UseWhen(http => http.Request.Path.StartsWithSegments(ScrapePath), branch =>
        {
            branch.Use(async (context, next) =>
            {
                var address = context.Connection.RemoteIpAddress;
                if (!options.Prometheus || address is null || !allowed.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                await next(context);
            });
            if (options.Prometheus)
                branch.UseOpenTelemetryPrometheusScrapingEndpoint(ScrapePath);
        });
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments(ScrapePath);
}
