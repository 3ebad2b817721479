using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Alerts;
using PartnerSupport.Entitlements;
using PartnerSupport.Storage;
using PartnerSupport.Tests.Accounting;
using PartnerSupport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// Two real server processes on one database (PostgreSQL, or one SQLite file shared by two
/// processes of one machine), both running every worker: each
/// activation completes once, each alert is raised once and reaches the receiver once.
/// </summary>
public sealed class MultiNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Contracts = 6;

    private readonly List<ServerProcess> _servers = [];
    private TestDatabase _db = null!;
    private WebhookReceiver _receiver = null!;

    // Several real server processes on one database, not the in-process AppTest host.
    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _receiver = new WebhookReceiver();
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
            await server.DisposeAsync();
        await _receiver.DisposeAsync();
        await _db.DisposeAsync();
    }

    private AppDbContext Db() => new(new DbContextOptionsBuilder<AppDbContext>().Use(_db.Provider, _db.ConnectionString).Options);

    [SkippableFact]
    public async Task Two_servers_complete_each_activation_once_and_deliver_each_alert_once()
    {
        var settings = new Dictionary<string, string>
        {
            ["Webhooks__Url"] = _receiver.Url,
            ["Webhooks__Secret"] = _receiver.Secret,
            ["Webhooks__PollInterval"] = "00:00:00.050",
            ["Alerts__Interval"] = "00:00:00.050",
        };
        var a = await ServerProcess.StartAsync(_db, "server A", settings);
        _servers.Add(a);
        var b = await ServerProcess.StartAsync(_db, "server B", settings);
        _servers.Add(b);

        var setup = await Scenario.StartAsync(a);
        var product = await setup.ProductAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Both servers' activation workers race for each activation; every other contract ends
        // within 30 days, so both servers' alert workers race for its ending-soon alert at once.
        var contracts = new List<LinkedContract>();
        for (var i = 0; i < Contracts; i++)
            contracts.Add(await setup.LinkedContractAsync("actionPack", endDate: i % 2 == 0 ? today.AddDays(20) : null));

        // Eight of ten incidents each, half the creates through each server: every contract runs low.
        await Task.WhenAll(contracts.SelectMany(c => Enumerable.Range(0, 8).Select(async i =>
        {
            var client = i % 2 == 0 ? c.Admin : OnServer(b, c.Admin);
            (await Books.CreateAsync(client, product, c.ContractId, title: $"Request {i}")).AssertStatus(HttpStatusCode.Created);
        })));

        var expected = Contracts + Contracts / 2;
        await Eventually.UntilAsync(async () =>
        {
            await using var db = Db();
            return await db.WebhookMessages.CountAsync(m => m.Status == WebhookStatus.Delivered) == expected;
        }, $"{expected} delivered webhooks", seconds: 120);

        await using (var db = Db())
        {
            // Activations: each completed once, one contract and one grant each.
            Assert.Equal(Contracts, await db.Activations.CountAsync(x => x.Status == ActivationStatus.Completed));
            Assert.Equal(Contracts, await db.SupportContracts.CountAsync());
            Assert.Equal(Contracts, await db.Ledger.CountAsync(l => l.Kind == PartnerSupport.Contracts.LedgerKind.Grant));

            var alerts = await db.Alerts.AsNoTracking().ToListAsync();
            Assert.Equal(expected, alerts.Count);
            Assert.Equal(Contracts, alerts.Count(x => x.Kind == AlertKind.LowBalance));
            Assert.Equal(Contracts / 2, alerts.Count(x => x.Kind == AlertKind.EndingSoon));
            var messages = await db.WebhookMessages.AsNoTracking().ToListAsync();
            Assert.Equal(expected, messages.Count);
            Assert.All(messages, m => Assert.Equal(1, m.Attempts));

            // The receiver got each message once, signed, and nothing else.
            var received = _receiver.Received;
            output.WriteLine($"{received.Count} webhooks received for {alerts.Count} alerts");
            Assert.Equal(expected, received.Count);
            Assert.All(received, r => Assert.True(r.SignatureValid(_receiver.Secret)));
            Assert.Equal(messages.Select(m => m.Id.ToString()).Order(), received.Select(r => r.Id!).Order());
            Assert.Equal(alerts.Select(x => x.Id.ToString()).Order(), received.Select(r => r.Json["alert"]!.Str("id")).Order());
        }

        Assert.False(a.HasExited, a.Log);
        Assert.False(b.HasExited, b.Log);
        var check = await LedgerCheck.RunAsync(_db);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    private static ApiClient OnServer(ServerProcess server, ApiClient client)
    {
        var other = server.Client();
        other.Http.DefaultRequestHeaders.Authorization = client.Http.DefaultRequestHeaders.Authorization;
        return other;
    }
}
