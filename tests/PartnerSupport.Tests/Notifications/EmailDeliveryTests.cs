using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Notifications;
using PartnerSupport.Tests.Casework;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Notifications;

/// <summary>How the outbox sends: an SMTP server that is down, several nodes, and the operators' view of it.</summary>
public sealed class EmailDeliveryTests : EmailTest
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMinutes(1);

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Notifications:InitialBackoff"] = FirstWait.ToString();
            return settings;
        }
    }

    [SkippableFact]
    public async Task While_the_SMTP_server_is_down_the_messages_wait_and_each_goes_once_when_it_is_back()
    {
        await _sink.StopAsync();
        var s = await Scenario.StartAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        var id = await p.OpenIdAsync(title: "Mailbox database dismounted");

        await Eventually.UntilAsync(async () => (await RowsAsync()) is { Count: 2 } rows && rows.All(r => r.Attempts == 1),
            "both messages to have failed once");
        var failed = await RowsAsync();
        Assert.All(failed, r =>
        {
            Assert.Equal(EmailStatus.Pending, r.Status);
            Assert.NotNull(r.LastError);
            Assert.DoesNotContain(r.RecipientAddress, r.LastError!, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(_app.Time.GetUtcNow() + FirstWait, r.NextAttemptAt);
        });

        await _sink.StartAgainAsync();
        // Before the back-off is over nothing is tried again, server or not.
        await Task.Delay(500);
        Assert.Empty(_sink.All());
        Assert.All(await RowsAsync(), r => Assert.Equal(1, r.Attempts));

        _app.Time.Advance(FirstWait);
        await DrainAsync();
        var sent = await RowsAsync();
        Assert.All(sent, r =>
        {
            Assert.Equal(EmailStatus.Sent, r.Status);
            Assert.Equal(2, r.Attempts);
            Assert.Null(r.LastError);
        });
        var received = _sink.All();
        Assert.Equal(2, received.Count);
        Assert.Equal(sent.Select(r => $"{r.Id:N}@partnersupport.example").Order(), received.Select(m => m.Message.MessageId).Order());
        Assert.Contains(received, m => m.To == p.EngineerEmail && m.Subject.Contains("Mailbox database dismounted", StringComparison.Ordinal));

        // Sent is final: later passes send nothing more.
        _app.Time.Advance(TimeSpan.FromHours(3));
        await Task.Delay(500);
        Assert.Equal(2, _sink.All().Count);
        Assert.Single(await _app.WithDbAsync(db => db.OutboundEvents.Where(e => e.ServiceRequestId == Guid.Parse(id) && e.EventType == EventTypes.ServiceRequestCreated).ToListAsync()));
    }

    [SkippableFact]
    public async Task Two_nodes_on_one_database_never_send_a_message_twice()
    {
        var s = await Scenario.StartAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        var (staff, _) = await s.EngineerAsync(_app);
        // The second node shares the database, the clock and the SMTP server, and runs the same worker.
        await using var second = new TestApp(_db, _app.Time, Settings);
        var partnerOnSecond = await second.SignInAsync(p.EngineerEmail);

        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
            ids.Add((await partnerOnSecond.PostAsync("/v1/servicerequests/en-US", Scenario.Request(p.ProductId, p.Contract.SupportContractId, $"Request {i}")))
                .AssertStatus(HttpStatusCode.Created).Id);
        await Task.WhenAll(ids.Select(id => staff.MessageAsync(id, $"Answer to {id}")));
        await DrainAsync();

        var rows = await RowsAsync();
        // The activation, eight creations and eight answers.
        Assert.Equal(17, rows.Count);
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
        var received = _sink.All();
        Assert.Equal(rows.Count, received.Count);
        Assert.Equal(rows.Select(r => $"{r.Id:N}@partnersupport.example").Order(), received.Select(m => m.Message.MessageId).Order());
    }

    [SkippableFact]
    public async Task Operators_read_both_outboxes_and_a_wrong_filter_is_refused()
    {
        var s = await Scenario.StartAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        await p.OpenIdAsync(title: "Outbox check");
        await DrainAsync();

        var sent = (await s.Operator.GetAsync("/v1/outbox?kind=email&status=sent")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, i =>
        {
            Assert.Equal("email", i!.Str("kind"));
            Assert.Equal("sent", i!.Str("status"));
            Assert.Equal(1, i!.Int("attempts"));
        });
        Assert.Contains(sent, i => i!.Str("recipient") == p.EngineerEmail && i!.Str("event") == "serviceRequest.created");
        Assert.Empty((await s.Operator.GetAsync("/v1/outbox?kind=email&status=failed")).AssertStatus(HttpStatusCode.OK).Items());

        (await s.Operator.GetAsync("/v1/outbox?kind=fax")).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await s.Operator.GetAsync("/v1/outbox?status=lost")).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await p.Admin.GetAsync("/v1/outbox")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
    }
}
