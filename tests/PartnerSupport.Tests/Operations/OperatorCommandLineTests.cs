using System.CommandLine;
using System.Net;
using PartnerSupport.Cli;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>The back office's daily work from the command line, against the database under test.</summary>
public sealed class OperatorCommandLineTests : AppTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Activation:RequireApproval"] = "true" };

    [SkippableFact]
    public async Task A_csv_of_partners_imports_with_a_report_per_line_and_a_reimport_changes_nothing()
    {
        var csv = Path.Combine(_db.Folder, "partners.csv");
        var lines = new List<string> { "partnerId,name,programs,countryCode,offer,competency,startDate,endDate" };
        for (var i = 0; i < 120; i++)
            lines.Add($"9{i:D5},\"Partner {i}, Ltd\",mpn;csp,BR,{(i % 3 == 0 ? "actionPack" : "gold")},{(i % 3 == 0 ? "" : "Cloud Platform")},2026-01-01,2026-12-31");
        lines.Add("999998,Bad offer,mpn,US,platinum,,2026-01-01,2026-12-31");
        lines.Add("999999,Bad date,mpn,US,gold,Security,2026-02-30,2026-12-31");
        lines.Add("too,few,fields");
        await File.WriteAllLinesAsync(csv, lines);

        var first = await RunAsync("import", "memberships", csv);
        Assert.True(first.ExitCode == CliApp.Refused, first.ToString());
        Assert.Contains("123 line(s): 120 created, 0 unchanged, 3 refused.", first.Output, StringComparison.Ordinal);
        Assert.Contains("line    122  999998        refused    offer must be actionPack, silver or gold", first.Output, StringComparison.Ordinal);
        Assert.Contains("line    123  999999        refused    startDate must be yyyy-MM-dd", first.Output, StringComparison.Ordinal);
        Assert.Contains("line    124", first.Output, StringComparison.Ordinal);
        Assert.Contains("123/123", first.Error, StringComparison.Ordinal);

        var counts = await CountsAsync();
        var again = await RunAsync("import", "memberships", csv);
        Assert.Contains("123 line(s): 0 created, 120 unchanged, 3 refused.", again.Output, StringComparison.Ordinal);
        Assert.Equal(counts, await CountsAsync());

        // What was imported is what partners see: a Gold cloud-competency partner's benefits.
        var s = await Scenario.StartAsync(_app);
        var org = await _app.WithDbAsync(db => Task.FromResult(db.Organizations.Single(o => o.PartnerId == "900001")));
        Assert.Equal("Partner 1, Ltd", org.Name);
        var admin = await s.UserAsync(org.Id.ToString(), "admin@partner1.example", "globalAdmin");
        var benefits = (await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal([20, null], benefits.Select(b => b!.Int("incidents")).ToArray());
    }

    [SkippableFact]
    public async Task The_activation_queue_is_worked_from_the_command_line_and_a_balance_adjusted_with_a_note()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "actionPack", null);
        var benefit = (await admin.GetAsync("/v1/benefits")).Items().Single()!.Str("id");
        var first = (await admin.PostAsync($"/v1/benefits/{benefit}/activate")).AssertStatus(HttpStatusCode.Accepted).Id;

        var list = await RunAsync("activations", "list", "--status", "pending");
        Assert.Contains(first, list.Output, StringComparison.Ordinal);
        Assert.Contains("1 activation(s).", list.Output, StringComparison.Ordinal);
        var rejected = await RunAsync("activations", "reject", first, "--reason", "Membership not verified yet");
        Assert.True(rejected.ExitCode == CliApp.Ok, rejected.ToString());
        var shown = (await admin.GetAsync("/v1/benefits")).Items().Single()!;
        Assert.Equal("rejected", shown.Str("status"));
        Assert.Equal("Membership not verified yet", shown.Str("rejectionReason"));

        var second = (await admin.PostAsync($"/v1/benefits/{benefit}/activate")).AssertStatus(HttpStatusCode.Accepted).Id;
        var approved = await RunAsync("activations", "approve", second);
        Assert.True(approved.ExitCode == CliApp.Ok, approved.ToString());
        Assert.NotEqual(CliApp.Ok, (await RunAsync("activations", "approve", second)).ExitCode);
        var ids = await Scenario.WaitForActiveAsync(admin, benefit);

        var adjusted = await RunAsync("contract", "adjust", ids.AccessId.ToLowerInvariant(), "--delta", "2", "--note", "Goodwill: outage on 2026-11-20");
        Assert.True(adjusted.ExitCode == CliApp.Ok, adjusted.ToString());
        Assert.Contains("is now 12", adjusted.Output, StringComparison.Ordinal);
        var refused = await RunAsync("contract", "adjust", ids.SupportContractId, "--delta", "-13", "--note", "Too much");
        Assert.Equal(CliApp.Refused, refused.ExitCode);
        Assert.Contains("no-incidents-remaining", refused.Error, StringComparison.Ordinal);

        var ledger = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/ledger")).Items();
        var entry = ledger.Single(e => e!.Str("kind") == "adjust")!;
        Assert.Equal(2, entry.Int("delta"));
        Assert.Equal(12, entry.Int("balanceAfter"));
        Assert.Equal("Goodwill: outage on 2026-11-20", entry.Str("note"));
        Assert.StartsWith("cli:", entry.Str("actor"), StringComparison.Ordinal);

        var show = await RunAsync("contract", "show", ids.AccessId);
        Assert.Contains("remaining 12 of 10", show.Output, StringComparison.Ordinal);
        Assert.Contains("adjust", show.Output, StringComparison.Ordinal);
        Assert.Equal(CliApp.Ok, (await RunAsync("ledger", "check")).ExitCode);
    }

    [SkippableFact]
    public async Task The_usage_report_counts_consumed_and_refunded_incidents_per_month_as_a_table_and_as_csv()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum, Inc.");
        var admin = await s.UserAsync(org, "admin@adatum.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Data Analytics");
        var product = await s.ProductAsync("SQL Server", "2022");
        var benefit = (await admin.GetAsync("/v1/benefits")).Items().Single(b => b!.Str("type") == "productSupport")!.Str("id");
        var activation = (await admin.PostAsync($"/v1/benefits/{benefit}/activate")).Id;
        await RunAsync("activations", "approve", activation);
        var ids = await Scenario.WaitForActiveAsync(admin, benefit);
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
        var requests = new List<string>();
        for (var i = 0; i < 3; i++)
            requests.Add((await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created).Id);
        (await admin.PatchAsync($"/v1/servicerequests/{requests[0]}", new { status = "closed", resolution = "duplicate" })).AssertStatus(HttpStatusCode.OK);

        var table = await RunAsync("report", "usage", "--from", "2026-11-01", "--to", "2026-11-30");
        Assert.True(table.ExitCode == CliApp.Ok, table.ToString());
        Assert.Contains("total consumed 3, refunded 1.", table.Output, StringComparison.Ordinal);
        var csv = await RunAsync("report", "usage", "--from", "2026-11-01", "--to", "2026-11-30", "--csv");
        var rows = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("month,organization,contract,product,consumed,refunded", rows[0]);
        Assert.Equal($"2026-11,\"Adatum, Inc.\",Microsoft Product Support {ids.AccessId},SQL Server 2022,3,1", rows[1]);
        var december = await RunAsync("report", "usage", "--from", "2026-12-01", "--to", "2026-12-31", "--csv");
        Assert.Single(december.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<(int Orgs, int Memberships, int Benefits)> CountsAsync() =>
        await _app.WithDbAsync(async db => (db.Organizations.Count(), db.Memberships.Count(), await Task.FromResult(db.Benefits.Count())));

    private async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = [.. args, "--provider", _db.Provider.ToString(), "--connection", _db.ConnectionString];
        var exitCode = await CliApp.Build(_app.Time).Parse(all).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    private sealed record CliRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }
}
