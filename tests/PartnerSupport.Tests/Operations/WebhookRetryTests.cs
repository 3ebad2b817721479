using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Alerts;
using PartnerSupport.Tests.Accounting;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Webhooks;

namespace PartnerSupport.Tests.Operations;

/// <summary>A receiver that fails gets the same message again later, waiting longer each time, until it is given up.</summary>
public sealed class WebhookRetryTests : AppTest
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMinutes(1);

    private WebhookReceiver _receiver = null!;

    private Task StartAsync(int maxAttempts, params int[] answers) => StartAsync(maxAttempts, withSecret: true, answers);

    private async Task StartAsync(int maxAttempts, bool withSecret, params int[] answers)
    {
        _receiver = new WebhookReceiver(answers);
        var settings = _receiver.Settings();
        if (!withSecret)
            settings.Remove("Webhooks:Secret");
        settings["Alerts:Interval"] = "00:00:00.100";
        settings["Webhooks:InitialBackoff"] = FirstWait.ToString();
        settings["Webhooks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await RestartAsync(settings);
    }

    public override async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<WebhookMessage> RowAsync() =>
        await _app.WithDbAsync(db => db.WebhookMessages.AsNoTracking().SingleOrDefaultAsync()) ?? throw new InvalidOperationException("no webhook message yet");

    private async Task<int> AttemptsAsync() =>
        (await _app.WithDbAsync(db => db.WebhookMessages.AsNoTracking().SingleOrDefaultAsync()))?.Attempts ?? 0;

    private async Task<int> DeliverNowAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeliverWebhooks>().RunAsync();
    }

    private async Task RunContractLowAsync()
    {
        var setup = await Scenario.StartAsync(_app);
        var product = await setup.ProductAsync();
        var c = await setup.LinkedContractAsync("actionPack");
        for (var i = 0; i < 8; i++)
            (await Books.CreateAsync(c.Admin, product, c.ContractId, title: $"Request {i}")).AssertStatus(HttpStatusCode.Created);
    }

    [SkippableFact]
    public async Task A_receiver_answering_500_then_200_gets_the_message_again_after_the_back_off_and_it_is_delivered_once()
    {
        await StartAsync(maxAttempts: 8, 500);
        await RunContractLowAsync();

        await Eventually.UntilAsync(async () => await AttemptsAsync() == 1, "the first, failed attempt to be recorded");
        var failed = await RowAsync();
        var firstAt = _app.Time.GetUtcNow();
        Assert.Equal(WebhookStatus.Pending, failed.Status);
        Assert.Equal("HTTP 500", failed.LastError);
        Assert.Equal(firstAt + FirstWait, failed.NextAttemptAt);
        Assert.Null(failed.LockedUntil);

        // Before the wait is over, no pass sends it again.
        _app.Time.Advance(FirstWait - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await DeliverNowAsync());
        Assert.Single(_receiver.Received);

        _app.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(async () => (await RowAsync()).Status == WebhookStatus.Delivered, "the second attempt to be delivered");
        var delivered = await RowAsync();
        Assert.Equal(2, delivered.Attempts);
        Assert.Null(delivered.LastError);

        // Delivered is final: later passes send nothing.
        _app.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await DeliverNowAsync());
        var received = _receiver.Received;
        Assert.Equal(new[] { 500, 200 }, received.Select(r => r.Answered));
        Assert.All(received, r => Assert.True(r.SignatureValid(_receiver.Secret)));
        Assert.All(received, r => Assert.Equal(delivered.Id.ToString(), r.Id));
        Assert.Equal(received[0].Text, received[1].Text);
    }

    [SkippableFact]
    public async Task A_receiver_that_keeps_failing_is_tried_with_doubling_waits_and_then_given_up()
    {
        await StartAsync(maxAttempts: 3, 500, 503, 500, 500);
        await RunContractLowAsync();

        await Eventually.UntilAsync(async () => await AttemptsAsync() == 1, "the first attempt");
        Assert.Equal(_app.Time.GetUtcNow() + FirstWait, (await RowAsync()).NextAttemptAt);

        _app.Time.Advance(FirstWait);
        await Eventually.UntilAsync(async () => await AttemptsAsync() == 2, "the second attempt");
        var second = await RowAsync();
        Assert.Equal("HTTP 503", second.LastError);
        Assert.Equal(_app.Time.GetUtcNow() + 2 * FirstWait, second.NextAttemptAt);

        _app.Time.Advance(2 * FirstWait);
        await Eventually.UntilAsync(async () => await AttemptsAsync() == 3, "the third attempt");
        var given = await RowAsync();
        Assert.Equal(WebhookStatus.Failed, given.Status);

        _app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await DeliverNowAsync());
        Assert.Equal(3, _receiver.Received.Count);
    }

    [SkippableFact]
    public async Task Without_a_secret_nothing_is_sent_unsigned_and_the_message_waits_in_the_outbox()
    {
        await StartAsync(maxAttempts: 8, withSecret: false);
        await RunContractLowAsync();
        await Eventually.UntilAsync(async () => await _app.WithDbAsync(db => db.WebhookMessages.AnyAsync()), "the alert's message");

        Assert.Equal(0, await DeliverNowAsync());
        var waiting = await RowAsync();
        Assert.Equal(WebhookStatus.Pending, waiting.Status);
        Assert.Equal(0, waiting.Attempts);
        Assert.Empty(_receiver.Received);
    }
}
