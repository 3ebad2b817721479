using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Common;
using PartnerSupport.Tests.Accounting;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>The "PartnerSupport" meter counts what happened, as an operator's dashboard reads it.</summary>
public sealed class MetricsTests : AppTest
{
    [SkippableFact]
    public async Task Activations_requests_consumption_refunds_and_alerts_are_counted()
    {
        var totals = new ConcurrentDictionary<string, long>();
        var factory = _app.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Only this app's meter: other tests in this process have meters of their own.
                if (instrument.Meter.Name == PartnerSupportMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        listener.Start();

        var setup = await Scenario.StartAsync(_app);
        var product = await setup.ProductAsync();
        var c = await setup.LinkedContractAsync("actionPack");
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
            ids.Add((await Books.CreateAsync(c.Admin, product, c.ContractId, title: $"Request {i}")).AssertStatus(HttpStatusCode.Created).Id);
        (await c.Admin.PatchAsync($"/v1/servicerequests/{ids[0]}", new { status = "closed", resolution = "duplicate" })).AssertStatus(HttpStatusCode.OK);
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PartnerSupport.Alerts.RaiseAlerts>().RunAsync();

        Assert.Equal(1, totals.GetValueOrDefault("partnersupport.activations.completed"));
        Assert.Equal(9, totals.GetValueOrDefault("partnersupport.service_requests.created"));
        Assert.Equal(9, totals.GetValueOrDefault("partnersupport.incidents.consumed"));
        Assert.Equal(1, totals.GetValueOrDefault("partnersupport.incidents.refunded"));
        Assert.Equal(1, totals.GetValueOrDefault("partnersupport.alerts.raised"));
    }
}
