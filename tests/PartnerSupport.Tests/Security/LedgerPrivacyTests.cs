using System.Net;
using System.Text.Json.Nodes;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// Several accounts may hold one contract (a personal account among them). The ledger shows
/// everyone who may see the contract every entry's figures, but a request's title and author only
/// to whoever may read that request, by the same rule as reading the request itself.
/// </summary>
public sealed class LedgerPrivacyTests : AppTest
{
    private const string EngineerTitle = "Payroll cluster of Contoso down 41C7";
    private const string PersonalTitle = "Alex's private lab VM lost its disk 9D02";
    private const string EngineerEmail = "engineer@contoso.example";
    private const string PersonalEmail = "alex@personal.example";

    [SkippableFact]
    public async Task Each_holder_sees_every_entry_but_only_the_requests_it_may_read()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Contoso");
        var admin = await s.UserAsync(org, "admin@contoso.example", "globalAdmin");
        var engineer = await s.UserAsync(org, EngineerEmail);
        var personal = await s.UserAsync(null, PersonalEmail);
        var outsiderOrg = await s.OrganizationAsync("Fabrikam");
        var outsider = await s.UserAsync(outsiderOrg, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "actionPack", null);
        var product = await s.ProductAsync("Windows Server", "2025");
        var ids = await s.ActivateAsync(admin);
        foreach (var holder in new[] { engineer, personal })
            (await holder.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);

        var engineerRequest = (await engineer.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId, EngineerTitle)))
            .AssertStatus(HttpStatusCode.Created).Id;
        var personalRequest = (await personal.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId, PersonalTitle)))
            .AssertStatus(HttpStatusCode.Created).Id;
        // A refund too: its note says how the request was closed, and who closed it.
        (await personal.PatchAsync($"/v1/servicerequests/{personalRequest}", new { status = "closed", resolution = "duplicate" })).AssertStatus(HttpStatusCode.OK);

        var figures = await FiguresAsync(s.Operator, ids.SupportContractId);
        Assert.Equal(["grant", "consume", "consume", "refund"], figures.Select(f => f.Kind));

        // Each holder: every entry's figures; its own requests' titles and authors, never the other's.
        await AssertLedgerAsync(engineer, ids.SupportContractId, figures, engineerRequest, personalRequest, EngineerEmail, EngineerTitle, PersonalEmail, PersonalTitle);
        await AssertLedgerAsync(personal, ids.SupportContractId, figures, personalRequest, engineerRequest, PersonalEmail, PersonalTitle, EngineerEmail, EngineerTitle);
        // The organization's admin reads its organization's requests, not a personal account's.
        await AssertLedgerAsync(admin, ids.SupportContractId, figures, engineerRequest, personalRequest, EngineerEmail, EngineerTitle, PersonalEmail, PersonalTitle);

        // The back office reads every request, so it sees every title and author.
        var all = await LedgerAsync(s.Operator, ids.SupportContractId);
        Assert.Contains(all, e => e.Str("note") == EngineerTitle && e.Str("actor") == EngineerEmail);
        Assert.Contains(all, e => e.Str("note") == PersonalTitle && e.Str("actor") == PersonalEmail);
        Assert.Contains(all, e => e.Str("kind") == "refund" && e.Str("actor") == PersonalEmail);

        // The same rule as reading the request: a title is shown exactly where the request can be read.
        foreach (var viewer in new[] { engineer, personal, admin, s.Operator })
        {
            foreach (var entry in (await LedgerAsync(viewer, ids.SupportContractId)).Where(e => e["serviceRequestId"] is not null))
            {
                var read = await viewer.GetAsync($"/v1/servicerequests/{entry.Str("serviceRequestId")}");
                Assert.True((read.Status == HttpStatusCode.OK) == (entry["note"] is not null), $"ledger and request read disagree for {entry.ToJsonString()}: {read}");
            }
        }

        // Someone who may not see the contract sees no ledger at all.
        (await outsider.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/ledger")).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");
    }

    private static async Task AssertLedgerAsync(
        ApiClient viewer, string contractId, IReadOnlyList<Figures> figures,
        string ownRequest, string otherRequest, string ownEmail, string ownTitle, string otherEmail, string otherTitle)
    {
        var response = (await viewer.GetAsync($"/v1/supportcontracts/{contractId}/ledger")).AssertStatus(HttpStatusCode.OK);
        var ledger = response.Items().Select(e => e!).ToList();
        Assert.Equal(figures, ledger.Select(Figures.Of));
        Assert.DoesNotContain(otherTitle, response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(otherEmail, response.Text, StringComparison.Ordinal);

        var own = ledger.Where(e => e["serviceRequestId"]?.GetValue<string>() == ownRequest).ToList();
        Assert.Equal(ownTitle, Assert.Single(own, e => e.Str("kind") == "consume").Str("note"));
        Assert.All(own, e => Assert.Equal(ownEmail, e.Str("actor")));
        var other = ledger.Where(e => e["serviceRequestId"]?.GetValue<string>() == otherRequest).ToList();
        Assert.NotEmpty(other);
        Assert.All(other, e =>
        {
            Assert.Null(e["note"]);
            Assert.Null(e["actor"]);
        });
        // What concerns no request (the grant) is the contract's own history, shown to all.
        var grant = Assert.Single(ledger, e => e.Str("kind") == "grant");
        Assert.False(string.IsNullOrEmpty(grant.Str("actor")));
        Assert.False(string.IsNullOrEmpty(grant.Str("note")));
    }

    private static async Task<List<JsonNode>> LedgerAsync(ApiClient viewer, string contractId) =>
        [.. (await viewer.GetAsync($"/v1/supportcontracts/{contractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items().Select(e => e!)];

    private static async Task<List<Figures>> FiguresAsync(ApiClient viewer, string contractId) =>
        [.. (await LedgerAsync(viewer, contractId)).Select(Figures.Of)];

    private sealed record Figures(string Kind, int Delta, int? BalanceAfter, string At, string? ServiceRequestId)
    {
        public static Figures Of(JsonNode e) =>
            new(e.Str("kind"), e.Int("delta")!.Value, e.Int("balanceAfter"), e.Str("at"), e["serviceRequestId"]?.GetValue<string>());
    }
}
