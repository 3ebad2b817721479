using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Alerts;
using PartnerSupport.Tests.Accounting;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Security;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// Alerts as partners and their systems meet them: raised once when a contract runs low or nears
/// its end, listed for the organization's admins only, and announced by one signed webhook.
/// </summary>
public sealed class AlertTests : AppTest
{
    private readonly WebhookReceiver _receiver = new();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = _receiver.Settings();
            settings["Alerts:Interval"] = "00:00:00.100";
            return settings;
        }
    }

    public override async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<int> RaiseNowAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RaiseAlerts>().RunAsync();
    }

    private static async Task<List<JsonNode>> AlertsAsync(ApiClient client, string contractId) =>
        [.. (await client.GetAsync("/v1/alerts")).AssertStatus(HttpStatusCode.OK).Items().Select(a => a!).Where(a => a.Str("supportContractId") == contractId)];

    private Task<List<WebhookMessage>> OutboxAsync() =>
        _app.WithDbAsync(db => db.WebhookMessages.AsNoTracking().ToListAsync());

    [SkippableFact]
    public async Task A_contract_that_runs_low_raises_one_alert_and_one_signed_webhook()
    {
        var setup = await Scenario.StartAsync(_app);
        var product = await setup.ProductAsync();
        var c = await setup.LinkedContractAsync("actionPack");

        // 10 incidents; low at 2 (20 % of 10, and the 2-incident floor): 3 left is not low yet.
        for (var i = 0; i < 7; i++)
            (await Books.CreateAsync(c.Admin, product, c.ContractId, title: $"Request {i}")).AssertStatus(HttpStatusCode.Created);
        await RaiseNowAsync();
        Assert.Empty(await AlertsAsync(c.Admin, c.ContractId));

        var eighth = (await Books.CreateAsync(c.Admin, product, c.ContractId, title: "Request 8")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(2, eighth.Int("remainingIncidents"));
        await Eventually.UntilAsync(async () => (await AlertsAsync(c.Admin, c.ContractId)).Count > 0, "the low-balance alert");
        var alert = Assert.Single(await AlertsAsync(c.Admin, c.ContractId));
        Assert.Equal("lowBalance", alert.Str("kind"));
        Assert.Equal(2, alert.Int("remainingIncidents"));
        Assert.Equal(10, alert.Int("totalIncidents"));
        Assert.Equal(c.OrganizationId, alert.Str("organizationId"));

        await Eventually.UntilAsync(() => _receiver.Received.Count > 0, "the webhook");
        // Going lower, and more passes, raise nothing more.
        (await Books.CreateAsync(c.Admin, product, c.ContractId, title: "Request 9")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(0, await RaiseNowAsync());
        // The alert's event is fanned out into the outbox by a worker pass of its own: an empty outbox has not drained yet.
        await Eventually.UntilAsync(async () => (await OutboxAsync()) is { Count: > 0 } rows && rows.All(m => m.Status == WebhookStatus.Delivered), "the outbox to drain");

        Assert.Single(await AlertsAsync(c.Admin, c.ContractId));
        var hook = Assert.Single(_receiver.Received);
        Assert.True(hook.SignatureValid(_receiver.Secret), $"signature {hook.Signature} does not match the body {hook.Text}");
        Assert.False(hook.SignatureValid("another secret"));
        Assert.StartsWith("application/json", hook.ContentType, StringComparison.Ordinal);
        Assert.Equal("alert.raised", hook.Event);
        var body = hook.Json;
        Assert.Equal(hook.Id, body.Str("id"));
        Assert.Equal("alert.raised", body.Str("type"));
        Assert.Equal(alert.Str("id"), body["alert"]!.Str("id"));
        Assert.Equal("lowBalance", body["alert"]!.Str("kind"));
        Assert.Equal(c.ContractId, body["alert"]!.Str("supportContractId"));
        Assert.Equal(2, body["alert"]!.Int("remainingIncidents"));
        Assert.Equal(_app.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), hook.Timestamp);
        var row = Assert.Single(await OutboxAsync());
        Assert.Equal(1, row.Attempts);
        Assert.Equal(hook.Id, row.Id.ToString());
    }

    [SkippableFact]
    public async Task A_contract_ending_within_thirty_days_raises_one_ending_soon_alert()
    {
        var setup = await Scenario.StartAsync(_app);
        var today = DateOnly.FromDateTime(_app.Time.GetUtcNow().UtcDateTime);
        var end = today.AddDays(40);
        var c = await setup.LinkedContractAsync("actionPack", endDate: end);

        await RaiseNowAsync();
        Assert.Empty(await AlertsAsync(c.Admin, c.ContractId));

        // 31 days before the end: not yet.
        _app.Time.Advance(TimeSpan.FromDays(9));
        var admin = await _app.SignInAsync(c.AdminEmail);
        await RaiseNowAsync();
        Assert.Empty(await AlertsAsync(admin, c.ContractId));

        // 30 days before the end: raised.
        _app.Time.Advance(TimeSpan.FromDays(1));
        admin = await _app.SignInAsync(c.AdminEmail);
        await RaiseNowAsync();
        var alert = Assert.Single(await AlertsAsync(admin, c.ContractId));
        Assert.Equal("endingSoon", alert.Str("kind"));
        Assert.Equal(end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), alert.Str("endDate"));

        // Days go by: still the one alert, and one webhook.
        _app.Time.Advance(TimeSpan.FromDays(5));
        admin = await _app.SignInAsync(c.AdminEmail);
        Assert.Equal(0, await RaiseNowAsync());
        // The alert's event is fanned out into the outbox by a worker pass of its own: an empty outbox has not drained yet.
        await Eventually.UntilAsync(async () => (await OutboxAsync()) is { Count: > 0 } rows && rows.All(m => m.Status == WebhookStatus.Delivered), "the outbox to drain");
        Assert.Single(await AlertsAsync(admin, c.ContractId));
        var hook = Assert.Single(_receiver.Received);
        Assert.True(hook.SignatureValid(_receiver.Secret));
        Assert.Equal("endingSoon", hook.Json["alert"]!.Str("kind"));
    }

    [SkippableFact]
    public async Task Alerts_are_shown_to_their_own_organizations_admins_and_to_operators_only()
    {
        var setup = await Scenario.StartAsync(_app);
        var product = await setup.ProductAsync();
        var a = await setup.LinkedContractAsync("actionPack", engineers: 1);
        var b = await setup.LinkedContractAsync("actionPack");
        for (var i = 0; i < 9; i++)
            (await Books.CreateAsync(a.Admin, product, a.ContractId, title: $"Request {i}")).AssertStatus(HttpStatusCode.Created);
        await RaiseNowAsync();
        var alert = Assert.Single(await AlertsAsync(a.Admin, a.ContractId));
        var alertId = alert.Str("id");

        // B's admin sees none of A's; A's engineer manages no contracts; the operator sees all.
        Assert.DoesNotContain((await b.Admin.GetAsync("/v1/alerts")).AssertStatus(HttpStatusCode.OK).Items(), x => x!.Str("id") == alertId);
        (await a.Users[1].GetAsync("/v1/alerts")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        Assert.Contains((await setup.Operator.GetAsync("/v1/alerts")).AssertStatus(HttpStatusCode.OK).Items(), x => x!.Str("id") == alertId);

        var portalA = await PortalSession.SignedInAsync(_app, a.AdminEmail);
        var pageA = await portalA.GetAsync("/alerts");
        Assert.Equal(HttpStatusCode.OK, pageA.Status);
        Assert.Contains($"data-alert=\"{alertId}\"", pageA.Html, StringComparison.Ordinal);
        Assert.Contains("Incidents running low", pageA.Html, StringComparison.Ordinal);
        // The benefits page, where admins act on their contracts, points to it.
        var benefitsA = await portalA.GetAsync("/benefits");
        Assert.Contains("Your contracts have 1 alert(s)", benefitsA.Html, StringComparison.Ordinal);

        var portalB = await PortalSession.SignedInAsync(_app, b.AdminEmail);
        var pageB = await portalB.GetAsync("/alerts");
        Assert.Equal(HttpStatusCode.OK, pageB.Status);
        Assert.DoesNotContain(alertId, pageB.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(s)", (await portalB.GetAsync("/benefits")).Html, StringComparison.Ordinal);

        var engineer = await PortalSession.SignedInAsync(_app, a.Emails[1]);
        var denied = await engineer.GetAsync("/alerts");
        Assert.Equal(HttpStatusCode.Redirect, denied.Status);
        Assert.StartsWith("/account/denied", denied.Location, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task The_portal_names_alerts_in_portuguese_and_spanish()
    {
        var setup = await Scenario.StartAsync(_app);
        var product = await setup.ProductAsync();
        var c = await setup.LinkedContractAsync("actionPack");
        for (var i = 0; i < 9; i++)
            (await Books.CreateAsync(c.Admin, product, c.ContractId, title: $"Request {i}")).AssertStatus(HttpStatusCode.Created);
        await RaiseNowAsync();

        foreach (var (culture, expected) in new[] { ("pt-BR", "Poucos incidentes restantes"), ("es-ES", "Quedan pocos incidentes") })
        {
            var portal = await PortalSession.SignedInAsync(_app, c.AdminEmail);
            var request = new HttpRequestMessage(HttpMethod.Get, "/alerts");
            request.Headers.AcceptLanguage.ParseAdd(culture);
            var page = await portal.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains(expected, page.Html, StringComparison.Ordinal);
        }
    }
}
