using System.Globalization;
using System.Net;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Casework;

/// <summary>Two server instances over one database write to one request at once: every message is kept, in time order.</summary>
public sealed class TwoNodeMessageTests : AppTest
{
    [SkippableFact]
    public async Task Messages_written_at_once_through_two_instances_are_all_kept_and_listed_in_time_order()
    {
        var s = await Scenario.StartAsync(_app);
        var p = await s.PartnerWithContractAsync("Adatum");
        var id = await p.OpenIdAsync();
        var (engineer, _) = await s.EngineerAsync(_app);
        // The second node shares the database and the clock; tokens from one are good on the other.
        await using var second = new TestApp(_db, _app.Time);
        var partnerOnSecond = await second.SignInAsync(p.EngineerEmail);

        using var ticking = new CancellationTokenSource();
        var clock = Task.Run(async () =>
        {
            while (!ticking.IsCancellationRequested)
            {
                _app.Time.Advance(TimeSpan.FromMilliseconds(1));
                await Task.Delay(1);
            }
        });
        const int Each = 15;
        var writes = Enumerable.Range(0, Each).SelectMany(i => new[]
        {
            Task.Run(() => engineer.MessageAsync(id, $"staff {i}")),
            Task.Run(() => partnerOnSecond.MessageAsync(id, $"partner {i}")),
            Task.Run(() => p.Admin.MessageAsync(id, $"admin {i}")),
        }).ToList();
        var answers = await Task.WhenAll(writes);
        await ticking.CancelAsync();
        await clock;

        Assert.All(answers, a => a.AssertStatus(HttpStatusCode.Created));
        foreach (var reader in new[] { p.Engineer, partnerOnSecond })
        {
            var messages = (await reader.GetAsync($"/v1/servicerequests/{id}/messages")).AssertStatus(HttpStatusCode.OK).Items();
            Assert.Equal(3 * Each, messages.Count);
            Assert.Equal(answers.Select(a => a.Id).Order(), messages.Ids().Order());
            var times = messages.Select(m => DateTimeOffset.Parse(m!.Str("at"), CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(times.Order(), times);
        }
        var request = (await p.Engineer.GetAsync($"/v1/servicerequests/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(3 * Each, request.Json!["notes"]!.AsArray().Count);
        Assert.NotNull(request.Json["firstResponseAt"]);
    }
}
