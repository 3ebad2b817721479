using System.Diagnostics;
using System.Net;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// What an operator's collector and scraper get: the spans of a request over OTLP (to a real
/// receiver on 127.0.0.1, from the server as a process of its own, configured by the standard
/// OTEL_* variables), and the metrics at /metrics when Telemetry:Prometheus is on.
/// </summary>
public sealed class TelemetryTests : AppTest
{
    [SkippableFact]
    public async Task One_request_arrives_at_the_collector_as_a_server_span_with_its_route_and_a_database_span_in_the_callers_trace()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var server = await ServerProcess.StartAsync(_db, "traced", new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "partnersupport-test",
            // The batch goes out within a fraction of a second instead of the default 5 s.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        });
        var op = await server.OperatorAsync();

        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/products");
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        (await op.SendAsync(request)).AssertStatus(HttpStatusCode.OK);

        var deadline = Stopwatch.StartNew();
        List<ReceivedSpan> trace = [];
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            trace = [.. receiver.Spans.Where(s => s.TraceId == traceId)];
            if (trace.Any(s => s.Kind == 2) && trace.Any(IsDatabase))
                break;
            await Task.Delay(100);
        }

        var serverSpan = Assert.Single(trace, s => s.Kind == 2);
        Assert.Equal(callerSpanId, serverSpan.ParentSpanId);
        Assert.Equal("/v1/products", serverSpan.Attributes.GetValueOrDefault("http.route"));
        Assert.Equal("GET /v1/products", serverSpan.Name);
        var database = Assert.Single(trace.Where(IsDatabase).Take(1));
        Assert.Equal(traceId, database.TraceId);
        Assert.Contains(trace, s => s.SpanId == database.ParentSpanId);
        // The sign-in before it was a trace of its own, and the health probes are left out.
        Assert.DoesNotContain(receiver.Spans, s => s.Name.Contains("/healthz", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Metrics_endpoint_serves_the_PartnerSupport_counters_to_this_host_when_enabled_and_is_absent_otherwise()
    {
        (await _app.Anonymous().GetAsync("/metrics")).AssertStatus(HttpStatusCode.NotFound);

        await RestartAsync(new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" });
        var setup = await Scenario.StartAsync(_app);
        await setup.LinkedContractAsync("actionPack");

        var local = new HttpClient(_app.Server.CreateHandler(http => http.Connection.RemoteIpAddress = IPAddress.Loopback)) { BaseAddress = _app.Server.BaseAddress };
        using var scraped = await local.GetAsync("/metrics");
        var text = await scraped.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.StartsWith("text/plain", scraped.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("partnersupport_activations_completed", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);

        // From anywhere else (a client behind the proxy included) there is nothing there.
        var remote = new HttpClient(_app.Server.CreateHandler(http => http.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7"))) { BaseAddress = _app.Server.BaseAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await remote.GetAsync("/metrics")).StatusCode);
    }

    [SkippableFact]
    public async Task Metrics_endpoint_opens_to_the_networks_the_operator_names()
    {
        await RestartAsync(new Dictionary<string, string?>
        {
            ["Telemetry:Prometheus"] = "true",
            ["Telemetry:PrometheusAllowedNetworks:0"] = "10.20.0.0/16",
        });
        var scraper = new HttpClient(_app.Server.CreateHandler(http => http.Connection.RemoteIpAddress = IPAddress.Parse("10.20.3.4"))) { BaseAddress = _app.Server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await scraper.GetAsync("/metrics")).StatusCode);
        var local = new HttpClient(_app.Server.CreateHandler(http => http.Connection.RemoteIpAddress = IPAddress.Loopback)) { BaseAddress = _app.Server.BaseAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await local.GetAsync("/metrics")).StatusCode);
    }

    private static bool IsDatabase(ReceivedSpan span) =>
        span.Kind == 3 && span.Attributes.Keys.Any(k => k is "db.system" or "db.system.name");
}
