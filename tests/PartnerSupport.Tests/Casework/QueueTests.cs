using System.Net;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Casework;

/// <summary>
/// The staff's queue: every organization's open requests, the most urgent first (response due time,
/// then creation), with its filters and keyset pages that hold still while requests are created.
/// </summary>
public sealed class QueueTests : AppTest
{
    private Scenario _s = null!;
    private ApiClient _engineer = null!;
    private string _engineerId = "";
    private PartnerWithContract _a = null!;
    private PartnerWithContract _b = null!;

    // The tests move the clock by hours: tokens must outlive that.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:TokenLifetime"] = "2.00:00:00" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _s = await Scenario.StartAsync(_app);
        (_engineer, _engineerId) = await _s.EngineerAsync(_app);
        _a = await _s.PartnerWithContractAsync("Adatum");
        _b = await _s.PartnerWithContractAsync("Bellows");
    }

    private async Task<string> OpenAsync(PartnerWithContract p, string severity, string title = "Cluster lost quorum", string? description = null)
    {
        var id = await p.OpenIdAsync(severity, title, description);
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        return id;
    }

    [SkippableFact]
    public async Task The_queue_lists_every_organizations_open_requests_by_due_time_then_creation_and_pages_hold_still_while_requests_are_created()
    {
        var minimalA = await OpenAsync(_a, "minimal");
        var moderateA = await OpenAsync(_a, "moderate");
        var criticalA = await OpenAsync(_a, "critical");
        var moderateA2 = await OpenAsync(_a, "moderate");
        var minimalB = await OpenAsync(_b, "minimal");
        var criticalB = await OpenAsync(_b, "critical");

        var all = await _engineer.QueueAsync();
        Assert.Equal([criticalA, criticalB, moderateA, moderateA2, minimalA, minimalB], all.Ids());
        var dues = all.Select(r => DateTimeOffset.Parse(r!.Str("responseDueAt"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dues.Order(), dues);

        var first = (await _engineer.GetAsync("/v1/queue?pageSize=3")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal([criticalA, criticalB, moderateA], first.Items().Ids());
        // Created while someone pages: one due before the end of the page already read (a critical
        // request's target is shorter than a moderate one's), one due after everything.
        var urgent = await OpenAsync(_b, "critical", "Urgent, opened while paging");
        _app.Time.Advance(TimeSpan.FromHours(1));
        var late = await OpenAsync(_a, "minimal", "Opened later while paging");

        var seen = new List<string>(first.Items().Ids());
        var token = first.Str("continuationToken");
        while (token is not null)
        {
            var page = (await _engineer.GetAsync($"/v1/queue?pageSize=3&continuationToken={Uri.EscapeDataString(token)}")).AssertStatus(HttpStatusCode.OK);
            seen.AddRange(page.Items().Ids());
            token = page.Json!["continuationToken"]?.GetValue<string>();
        }
        Assert.Equal([criticalA, criticalB, moderateA, moderateA2, minimalA, minimalB, late], seen);
        Assert.DoesNotContain(urgent, seen);
        // A fresh read shows it in its place.
        Assert.Equal([criticalA, criticalB, urgent, moderateA], (await _engineer.QueueAsync("?pageSize=4")).Ids());
    }

    [SkippableFact]
    public async Task Each_filter_narrows_the_queue_to_the_requests_it_names()
    {
        var critical = await OpenAsync(_a, "critical", "Échec du cluster", "Le nœud 2 ne démarre plus.");
        var moderate = await OpenAsync(_a, "moderate", "Backup slow");
        var minimal = await OpenAsync(_b, "minimal", "Question about licensing");
        var closed = await OpenAsync(_b, "moderate", "Solved already");
        (await _b.Engineer.PatchAsync($"/v1/servicerequests/{closed}", new { status = "closed", resolution = "resolved" })).AssertStatus(HttpStatusCode.OK);
        var waiting = await OpenAsync(_b, "critical", "Needs logs");
        (await _engineer.PatchAsync($"/v1/servicerequests/{waiting}", new { status = "attention_needed" })).AssertStatus(HttpStatusCode.OK);

        Assert.Equal([critical, waiting, moderate, minimal], (await _engineer.QueueAsync()).Ids());
        Assert.Equal([closed], (await _engineer.QueueAsync("?status=closed")).Ids());
        Assert.Equal([waiting], (await _engineer.QueueAsync("?status=attention_needed")).Ids());
        Assert.Equal([critical, waiting], (await _engineer.QueueAsync("?severity=critical")).Ids());
        Assert.Equal([critical, waiting, minimal], (await _engineer.QueueAsync("?severity=critical,minimal")).Ids());
        Assert.Equal([critical, moderate], (await _engineer.QueueAsync($"?organizationId={_a.OrganizationId}")).Ids());
        Assert.Equal([waiting, minimal], (await _engineer.QueueAsync($"?productId={_b.ProductId}")).Ids());

        (await _engineer.PostAsync($"/v1/servicerequests/{moderate}/assign", new { assigneeId = _engineerId })).AssertStatus(HttpStatusCode.OK);
        var operatorId = (await _s.Operator.GetAsync("/v1/me")).Id;
        (await _engineer.PostAsync($"/v1/servicerequests/{minimal}/assign", new { assigneeId = operatorId })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal([moderate], (await _engineer.QueueAsync("?assignedTo=me")).Ids());
        Assert.Equal([minimal], (await _engineer.QueueAsync($"?assignedTo={operatorId}")).Ids());
        Assert.Equal([critical, waiting], (await _engineer.QueueAsync("?assignedTo=unassigned")).Ids());

        // Case-insensitive in any language, over title, description and every message's text.
        Assert.Equal([critical], (await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("ÉCHEC"))).Ids());
        Assert.Equal([critical], (await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("NŒUD 2"))).Ids());
        (await _a.Engineer.MessageAsync(moderate, "The job log says: Kernel Panic at 03:00")).AssertStatus(HttpStatusCode.Created);
        (await _engineer.MessageAsync(minimal, "Internal: customer mentioned a KERNEL PANIC too", "internal")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal([moderate, minimal], (await _engineer.QueueAsync("?q=kernel%20panic")).Ids());
        Assert.Empty(await _engineer.QueueAsync("?q=nothing-like-this"));
        // Filters combine.
        Assert.Equal([moderate], (await _engineer.QueueAsync($"?q=kernel&organizationId={_a.OrganizationId}&assignedTo=me&severity=moderate")).Ids());
    }

    /// <summary>
    /// The search finds any part of a word, however short, in any case, and takes the characters a
    /// database pattern or a full-text query would read as operators (%, _, quotes) as plain text.
    /// </summary>
    [SkippableFact]
    public async Task The_search_finds_any_part_of_the_text_and_reads_wildcards_and_quotes_as_text()
    {
        var percent = await OpenAsync(_a, "moderate", "Disk 100% full", "The data_2 volume stops.");
        var thousand = await OpenAsync(_b, "moderate", "Disk 1000 full", "The data22 volume stops.");
        var quoted = await OpenAsync(_b, "minimal", "Error \"0x80070005\" on setup", "Setup stops.");

        Assert.Equal([percent, thousand], (await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("ISK 10"))).Ids());
        Assert.Equal([percent], (await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("100%"))).Ids());
        Assert.Equal([percent], (await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("%"))).Ids());
        Assert.Equal([percent], (await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("data_2"))).Ids());
        Assert.Equal([quoted], (await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("\"0x8007"))).Ids());
        Assert.Equal([quoted], (await _engineer.QueueAsync("?q=0X")).Ids());
        Assert.Equal([percent, thousand, quoted], (await _engineer.QueueAsync("?q=s")).Ids());
        Assert.Empty(await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("disk 100 f")));

        // A message written now is found at once, in the same words as its request's.
        Assert.Empty(await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("über")));
        (await _b.Engineer.MessageAsync(thousand, "Der Datenträger ist ÜBERVOLL.")).AssertStatus(HttpStatusCode.Created);
        Assert.Equal([thousand], (await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("über"))).Ids());
        Assert.Equal([thousand], (await _engineer.QueueAsync("?q=" + Uri.EscapeDataString("DATENTRÄGER IST"))).Ids());
    }

    [SkippableFact]
    public async Task Breached_lists_the_requests_past_their_due_time_without_a_first_response()
    {
        var critical = await OpenAsync(_a, "critical");
        var minimal = await OpenAsync(_a, "minimal");
        var answered = await OpenAsync(_b, "critical");
        (await _engineer.MessageAsync(answered, "Looking at it now.")).AssertStatus(HttpStatusCode.Created);
        _app.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal([critical], (await _engineer.QueueAsync("?breached=true")).Ids());
        Assert.Equal([answered, minimal], (await _engineer.QueueAsync("?breached=false")).Ids());
        Assert.True((await _engineer.QueueAsync("?breached=true"))[0]!["responseTargetBreached"]!.GetValue<bool>());
    }

    [SkippableFact]
    public async Task Partners_get_403_and_bad_filters_get_a_validation_problem_naming_the_field()
    {
        await OpenAsync(_a, "critical");
        foreach (var partner in new[] { _a.Admin, _a.Engineer })
            (await partner.GetAsync("/v1/queue")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        foreach (var (query, field) in new[]
        {
            ("?status=pending", "status"), ("?severity=urgent", "severity"), ("?assignedTo=someone", "assignedTo"),
            ("?continuationToken=not-a-token", "continuationToken"), ("?pageSize=0", "pageSize"), ("?pageSize=1000", "pageSize"),
            ("?q=" + new string('x', 201), "q"),
        })
        {
            var refused = (await _engineer.GetAsync("/v1/queue" + query)).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
            Assert.NotNull(refused.Json!["errors"]![field]);
        }
        (await _engineer.GetAsync("/v1/queue?breached=maybe")).AssertProblem(HttpStatusCode.BadRequest, "malformed-request");
    }
}
