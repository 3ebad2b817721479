using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Alerts;
using PartnerSupport.Tests.Accounting;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// Subscriptions as a partner's own system meets them: it receives its organization's events,
/// signed with its secret, and nothing of anyone else's; a receiver that fails gets the event
/// again, and its owner can send it once more or ping it.
/// </summary>
public sealed class WebhookSubscriptionTests : AppTest
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMinutes(1);
    private readonly List<WebhookReceiver> _receivers = [];

    // Receivers listen on 127.0.0.1 over http: allowed here only, as in the tests of the issue.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.100",
        ["Webhooks:InitialBackoff"] = FirstWait.ToString(),
        ["Alerts:Interval"] = "00:00:00.100",
    };

    private WebhookReceiver Receiver(params int[] answers)
    {
        var receiver = new WebhookReceiver(answers);
        _receivers.Add(receiver);
        return receiver;
    }

    public override async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var receiver in _receivers)
            await receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    private static async Task<(string Id, string Secret)> SubscribeAsync(ApiClient client, WebhookReceiver receiver, params string[] events)
    {
        var created = (await client.PostAsync("/v1/webhooks", new { url = receiver.Url, events, description = "our PSA" })).AssertStatus(HttpStatusCode.Created);
        return (created.Id, created.Str("secret"));
    }

    private static async Task RunLowAsync(ApiClient admin, string product, string contractId)
    {
        for (var i = 0; i < 8; i++)
            (await Books.CreateAsync(admin, product, contractId, title: $"Request {i}")).AssertStatus(HttpStatusCode.Created);
    }

    private Task<bool> OutboxDrainedAsync() =>
        _app.WithDbAsync(async db => await db.OutboundEvents.AllAsync(e => e.HookedAt != null)
            && await db.WebhookMessages.AllAsync(m => m.SubscriptionId == null || m.Status != WebhookStatus.Pending));

    private static async Task<JsonArray> DeliveriesAsync(ApiClient client, string subscriptionId) =>
        (await client.GetAsync($"/v1/webhooks/{subscriptionId}/deliveries")).AssertStatus(HttpStatusCode.OK).Items();

    [SkippableFact]
    public async Task Each_organization_receives_its_own_events_signed_with_its_secret_and_the_operator_receives_all()
    {
        var setup = await Scenario.StartAsync(_app);
        var product = await setup.ProductAsync();
        var a = await setup.LinkedContractAsync("actionPack");
        var b = await setup.LinkedContractAsync("actionPack");
        var (receiverA, receiverB, receiverOp) = (Receiver(), Receiver(), Receiver());
        var (subA, secretA) = await SubscribeAsync(a.Admin, receiverA, "alert.raised", "ping");
        var (subB, secretB) = await SubscribeAsync(b.Admin, receiverB, "alert.raised");
        var (_, secretOp) = await SubscribeAsync(setup.Operator, receiverOp, "alert.raised");
        Assert.NotEqual(secretA, secretB);

        // Each organization sees its own subscription only, never a secret.
        var listA = (await a.Admin.GetAsync("/v1/webhooks")).AssertStatus(HttpStatusCode.OK).Items();
        var onlyA = Assert.Single(listA)!;
        Assert.Equal(subA, onlyA.Str("id"));
        Assert.Equal(a.OrganizationId, onlyA.Str("organizationId"));
        Assert.Null(onlyA["secret"]);
        Assert.Equal(3, (await setup.Operator.GetAsync("/v1/webhooks")).AssertStatus(HttpStatusCode.OK).Items().Count);

        await RunLowAsync(a.Admin, product, a.ContractId);
        await RunLowAsync(b.Admin, product, b.ContractId);
        await Eventually.UntilAsync(() => receiverOp.Received.Count == 2 && receiverA.Received.Count == 1 && receiverB.Received.Count == 1,
            "each organization's alert at its own receiver and both at the operator's");
        await Eventually.UntilAsync(OutboxDrainedAsync, "every event fanned out and delivered");

        var atA = Assert.Single(receiverA.Received);
        Assert.True(atA.SignatureValid(secretA), $"signature {atA.Signature} does not match {atA.Text}");
        Assert.False(atA.SignatureValid(secretB));
        Assert.Equal("alert.raised", atA.Event);
        Assert.Equal("application/json; charset=utf-8", atA.ContentType);
        Assert.Equal(atA.Id, atA.Json.Str("id"));
        Assert.Equal("alert.raised", atA.Json.Str("event"));
        Assert.Equal(a.OrganizationId, atA.Json.Str("organizationId"));
        Assert.Equal(a.OrganizationId, atA.Json["data"]!.Str("organizationId"));
        Assert.Equal(a.ContractId, atA.Json["data"]!.Str("supportContractId"));
        Assert.Equal("lowBalance", atA.Json["data"]!.Str("kind"));

        var atB = Assert.Single(receiverB.Received);
        Assert.True(atB.SignatureValid(secretB));
        Assert.Equal(b.OrganizationId, atB.Json.Str("organizationId"));
        Assert.Equal(b.ContractId, atB.Json["data"]!.Str("supportContractId"));

        Assert.All(receiverOp.Received, r => Assert.True(r.SignatureValid(secretOp)));
        Assert.Equal(new[] { a.OrganizationId, b.OrganizationId }.Order(), receiverOp.Received.Select(r => r.Json.Str("organizationId")).Order());

        // A ping reaches that subscription only; another organization's subscription cannot be pinged, read or deleted.
        var ping = (await a.Admin.PostAsync($"/v1/webhooks/{subA}/ping")).AssertStatus(HttpStatusCode.Accepted);
        Assert.Equal("ping", ping.Str("event"));
        await Eventually.UntilAsync(() => receiverA.Received.Count == 2, "the ping");
        var pinged = receiverA.Received[1];
        Assert.Equal("ping", pinged.Event);
        Assert.Equal(ping.Id, pinged.Id);
        Assert.True(pinged.SignatureValid(secretA));
        Assert.Equal(subA, pinged.Json["data"]!.Str("webhookId"));

        (await a.Admin.PostAsync($"/v1/webhooks/{subB}/ping")).AssertProblem(HttpStatusCode.NotFound, "webhook-not-found");
        (await a.Admin.GetAsync($"/v1/webhooks/{subB}/deliveries")).AssertProblem(HttpStatusCode.NotFound, "webhook-not-found");
        (await a.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/webhooks/{subB}"))).AssertProblem(HttpStatusCode.NotFound, "webhook-not-found");
        var deliveriesB = await DeliveriesAsync(b.Admin, subB);
        var deliveredB = Assert.Single(deliveriesB)!;
        Assert.Equal("delivered", deliveredB.Str("status"));
        Assert.Equal(200, deliveredB.Int("lastStatusCode"));
        (await a.Admin.PostAsync($"/v1/webhooks/{subB}/deliveries/{deliveredB.Str("id")}/retry")).AssertProblem(HttpStatusCode.NotFound, "webhook-not-found");
        (await a.Admin.PostAsync($"/v1/webhooks/{subA}/deliveries/{deliveredB.Str("id")}/retry")).AssertProblem(HttpStatusCode.NotFound, "webhook-delivery-not-found");

        _app.Time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(500);
        Assert.Single(receiverB.Received);
        Assert.Equal(2, receiverA.Received.Count);

        // Deleted: the subscription and its history are gone, and it hears nothing more.
        (await b.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/webhooks/{subB}"))).AssertStatus(HttpStatusCode.NoContent);
        Assert.Empty((await b.Admin.GetAsync("/v1/webhooks")).AssertStatus(HttpStatusCode.OK).Items());
        Assert.Equal(0, await _app.WithDbAsync(db => db.WebhookMessages.CountAsync(m => m.SubscriptionId == Guid.Parse(subB))));
    }

    [SkippableFact]
    public async Task A_receiver_answering_500_gets_the_delivery_again_after_the_back_off_and_a_manual_retry_sends_it_once_more()
    {
        var setup = await Scenario.StartAsync(_app);
        var c = await setup.LinkedContractAsync("actionPack");
        var receiver = Receiver(500);
        var (sub, secret) = await SubscribeAsync(c.Admin, receiver, "ping");
        var ping = (await c.Admin.PostAsync($"/v1/webhooks/{sub}/ping")).AssertStatus(HttpStatusCode.Accepted);

        await Eventually.UntilAsync(async () => (await DeliveriesAsync(c.Admin, sub))[0]!.Int("attempts") == 1, "the first, failed attempt");
        var failed = (await DeliveriesAsync(c.Admin, sub))[0]!;
        Assert.Equal("pending", failed.Str("status"));
        Assert.Equal(500, failed.Int("lastStatusCode"));
        Assert.Equal("HTTP 500", failed.Str("lastError"));
        Assert.Equal(_app.Time.GetUtcNow() + FirstWait, DateTimeOffset.Parse(failed.Str("nextAttemptAt"), System.Globalization.CultureInfo.InvariantCulture));

        // Not before the back-off is over.
        _app.Time.Advance(FirstWait - TimeSpan.FromSeconds(1));
        await Task.Delay(500);
        Assert.Single(receiver.Received);
        _app.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(async () => (await DeliveriesAsync(c.Admin, sub))[0]!.Str("status") == "delivered", "the second attempt");
        Assert.Equal(2, receiver.Received.Count);

        // A manual retry sends it once more: same id, same body, and then nothing further.
        (await c.Admin.PostAsync($"/v1/webhooks/{sub}/deliveries/{ping.Id}/retry")).AssertStatus(HttpStatusCode.Accepted);
        await Eventually.UntilAsync(() => receiver.Received.Count == 3, "the manual retry");
        await Eventually.UntilAsync(async () => (await DeliveriesAsync(c.Admin, sub))[0]!.Str("status") == "delivered", "the retry recorded");
        _app.Time.Advance(TimeSpan.FromHours(2));
        await Task.Delay(500);
        var received = receiver.Received;
        Assert.Equal(3, received.Count);
        Assert.Equal(new[] { 500, 200, 200 }, received.Select(r => r.Answered));
        Assert.All(received, r => Assert.Equal(ping.Id, r.Id));
        Assert.All(received, r => Assert.Equal(received[0].Text, r.Text));
        Assert.All(received, r => Assert.True(r.SignatureValid(secret)));
        // Signed in again: the clock moved past the first token's lifetime.
        var delivery = Assert.Single(await DeliveriesAsync(await _app.SignInAsync(c.AdminEmail), sub))!;
        Assert.Equal(3, delivery.Int("attempts"));
        Assert.Null(delivery["nextAttemptAt"]);
    }

    [SkippableFact]
    public async Task A_delivery_given_up_is_sent_once_more_by_a_manual_retry()
    {
        await RestartAsync(new Dictionary<string, string?> { ["Webhooks:MaxAttempts"] = "1" });
        var setup = await Scenario.StartAsync(_app);
        var receiver = Receiver(503, 503);
        var (sub, _) = await SubscribeAsync(setup.Operator, receiver, "ping");
        var ping = (await setup.Operator.PostAsync($"/v1/webhooks/{sub}/ping")).AssertStatus(HttpStatusCode.Accepted);
        await Eventually.UntilAsync(async () => (await DeliveriesAsync(setup.Operator, sub))[0]!.Str("status") == "failed", "the delivery given up");

        (await setup.Operator.PostAsync($"/v1/webhooks/{sub}/deliveries/{ping.Id}/retry")).AssertStatus(HttpStatusCode.Accepted);
        await Eventually.UntilAsync(() => receiver.Received.Count == 2, "the manual retry");
        await Eventually.UntilAsync(async () => (await DeliveriesAsync(setup.Operator, sub))[0]!.Str("status") == "failed", "the retry's outcome");
        _app.Time.Advance(TimeSpan.FromDays(1));
        await Task.Delay(500);
        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(2, (await DeliveriesAsync(await _app.OperatorAsync(), sub))[0]!.Int("attempts"));
    }

    [SkippableFact]
    public async Task A_receiver_that_moved_into_a_private_network_is_refused_at_delivery()
    {
        var setup = await Scenario.StartAsync(_app);
        var receiver = Receiver();
        var (sub, _) = await SubscribeAsync(setup.Operator, receiver, "ping");

        // The same subscription, once private networks are no longer allowed: the address is
        // checked at the connection itself, so nothing reaches the receiver.
        await RestartAsync(new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "false" });
        var op = await _app.OperatorAsync();
        (await op.PostAsync($"/v1/webhooks/{sub}/ping")).AssertStatus(HttpStatusCode.Accepted);
        await Eventually.UntilAsync(async () => (await DeliveriesAsync(op, sub))[0]!.Int("attempts") == 1, "the refused attempt");
        var refused = (await DeliveriesAsync(op, sub))[0]!;
        Assert.Equal("pending", refused.Str("status"));
        Assert.Null(refused["lastStatusCode"]);
        Assert.Contains("not allowed", refused.Str("lastError"), StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", refused.Str("lastError"), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }
}

/// <summary>Without the test settings, no subscription reaches into the server's own networks, and bad input changes nothing.</summary>
public sealed class WebhookUrlPolicyTests : AppTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Webhooks:AllowHttp"] = "true" };

    [SkippableTheory]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://127.8.9.10:8443/hooks")]
    [InlineData("http://localhost:8080/hooks")]
    [InlineData("https://10.1.2.3/hooks")]
    [InlineData("https://172.16.0.1/hooks")]
    [InlineData("https://192.168.1.10/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://0.0.0.0/hooks")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[::]/hooks")]
    [InlineData("https://[fe80::1]/hooks")]
    [InlineData("https://[fd00::1]/hooks")]
    [InlineData("https://[::ffff:127.0.0.1]/hooks")]
    [InlineData("https://[::ffff:10.0.0.1]/hooks")]
    public async Task A_url_reaching_a_loopback_private_or_link_local_address_is_refused(string url)
    {
        var op = await _app.OperatorAsync();
        (await op.PostAsync("/v1/webhooks", new { url, events = new[] { "alert.raised" } }))
            .AssertProblem(HttpStatusCode.BadRequest, "webhook-url-not-allowed");
        Assert.Empty((await op.GetAsync("/v1/webhooks")).AssertStatus(HttpStatusCode.OK).Items());
    }

    [SkippableFact]
    public async Task Plain_http_is_refused_unless_allowed()
    {
        await RestartAsync(new Dictionary<string, string?> { ["Webhooks:AllowHttp"] = "false", ["Webhooks:AllowPrivateNetworks"] = "true" });
        var op = await _app.OperatorAsync();
        var refused = (await op.PostAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hooks", events = new[] { "ping" } }))
            .AssertProblem(HttpStatusCode.BadRequest, "webhook-url-not-allowed");
        Assert.Contains("https", refused.Json!["errors"]!["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        // https to the same address is what the settings allow here.
        (await op.PostAsync("/v1/webhooks", new { url = "https://127.0.0.1:9/hooks", events = new[] { "ping" } })).AssertStatus(HttpStatusCode.Created);
    }

    [SkippableTheory]
    [InlineData("""{"url":"https://psa.example.com/hooks","events":["alert.raised","no.such.event"]}""", "events")]
    [InlineData("""{"url":"https://psa.example.com/hooks","events":[]}""", "events")]
    [InlineData("""{"url":"https://psa.example.com/hooks"}""", "events")]
    [InlineData("""{"url":"not a url","events":["ping"]}""", "url")]
    [InlineData("""{"url":"ftp://psa.example.com/hooks","events":["ping"]}""", "url")]
    [InlineData("""{"url":"https://user:pass@psa.example.com/hooks","events":["ping"]}""", "url")]
    [InlineData("""{"events":["ping"]}""", "url")]
    [InlineData("""{"url":"https://psa.example.com/hooks","events":["ping"],"description":"a\u0000b"}""", "description")]
    public async Task Invalid_subscriptions_are_refused_field_by_field_and_nothing_is_created(string body, string field)
    {
        var op = await _app.OperatorAsync();
        var refused = (await op.PostRawAsync("/v1/webhooks", body)).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.NotNull(refused.Json!["errors"]![field]);
        Assert.Empty((await op.GetAsync("/v1/webhooks")).AssertStatus(HttpStatusCode.OK).Items());
    }
}
