using Microsoft.EntityFrameworkCore;
using PartnerSupport.Notifications;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Notifications;

/// <summary>A test whose application sends its mail through a real SMTP server of its own (<see cref="SmtpSink"/>).</summary>
public abstract class EmailTest : AppTest
{
    protected SmtpSink _sink = null!;

    protected override IDictionary<string, string?> Settings => _sink.Settings();

    public override async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _sink.DisposeAsync();
    }

    /// <summary>Waits until every event is fanned out and every message has gone (or was given up).</summary>
    protected async Task DrainAsync(TestApp? app = null)
    {
        var on = app ?? _app;
        await Eventually.UntilAsync(() => on.WithDbAsync(async db =>
                !await db.OutboundEvents.AnyAsync(e => e.MailedAt == null)
                && !await db.EmailMessages.AnyAsync(m => m.Status == EmailStatus.Pending)),
            "every event to be mailed and every message sent");
    }

    /// <summary>The messages the last steps caused, once they have all gone.</summary>
    protected async Task<IReadOnlyList<ReceivedMail>> NewMailAsync()
    {
        await DrainAsync();
        return _sink.TakeNew();
    }

    protected async Task<ReceivedMail> OneMailAsync() => Assert.Single(await NewMailAsync());

    protected Task<List<EmailMessage>> RowsAsync() =>
        _app.WithDbAsync(db => db.EmailMessages.AsNoTracking().ToListAsync());
}
