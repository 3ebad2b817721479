using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Entitlements;

/// <summary>
/// Activation requests as API.md describes them: pending until the processing delay has passed
/// on the application's clock, or until an operator approves or rejects them when
/// Activation:RequireApproval is on; each completed exactly once.
/// </summary>
public sealed class ActivationTests : AppTest
{
    /// <summary>Real time given to the worker (polling every 50 ms) to do what it should not do.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(400);

    // The clock jumps days ahead here; token lifetimes have tests of their own.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:TokenLifetime"] = "365.00:00:00" };

    private Task<TestApp> StartAsync(params (string Key, string Value)[] settings) =>
        RestartAsync(settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    [SkippableFact]
    public async Task An_activation_is_pending_until_its_processing_delay_has_passed_then_completes()
    {
        var app = await StartAsync(("Activation:ProcessingDelay", "3.00:00:00"));
        var (s, admin, benefitId) = await PartnerWithBenefitAsync(app);
        var before = app.Time.GetUtcNow();

        var activation = (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertStatus(HttpStatusCode.Accepted);

        Assert.Equal("pending", activation.Str("status"));
        Assert.Equal(benefitId, activation.Str("benefitId"));
        var requestedAt = At(activation.Json!, "requestedAt");
        var processAfter = At(activation.Json!, "processAfter");
        Assert.Equal(before, requestedAt);
        Assert.Equal(requestedAt + TimeSpan.FromDays(3), processAfter);

        await Task.Delay(Grace);
        await AssertStillPendingAsync(admin, benefitId);

        app.Time.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        await Task.Delay(Grace);
        await AssertStillPendingAsync(admin, benefitId);

        app.Time.Advance(TimeSpan.FromMinutes(2));
        var ids = await Scenario.WaitForActiveAsync(admin, benefitId);

        var benefit = await BenefitAsync(admin, benefitId);
        Assert.Equal("active", benefit.Str("status"));
        Assert.Equal(ids.SupportContractId, benefit.Str("supportContractId"));
        var completed = Assert.Single((await s.Operator.GetAsync("/v1/activations?status=completed")).AssertStatus(HttpStatusCode.OK).Items(),
            a => a!.Str("id") == activation.Id)!;
        Assert.Equal("completed", completed.Str("status"));
        Assert.Equal(ids.SupportContractId, completed.Str("supportContractId"));
        Assert.True(At(completed, "completedAt") >= processAfter, "completed before its processing delay had passed");
    }

    [SkippableFact]
    public async Task A_completed_activation_cannot_be_approved_or_rejected_again_and_has_exactly_one_contract()
    {
        var app = await StartAsync(("Activation:ProcessingDelay", "3.00:00:00"));
        var (s, admin, benefitId) = await PartnerWithBenefitAsync(app);
        var activation = (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertStatus(HttpStatusCode.Accepted);
        app.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var ids = await Scenario.WaitForActiveAsync(admin, benefitId);

        (await s.Operator.PostAsync($"/v1/activations/{activation.Id}/approve")).AssertProblem(HttpStatusCode.Conflict, "activation-not-pending");
        (await s.Operator.PostAsync($"/v1/activations/{activation.Id}/reject", new { reason = "Too late" }))
            .AssertProblem(HttpStatusCode.Conflict, "activation-not-pending");
        (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertProblem(HttpStatusCode.Conflict, "benefit-not-activatable");
        // More worker passes change nothing.
        await Task.Delay(Grace);

        Assert.Equal(1, await ContractsOfBenefitAsync(app, benefitId));
        var benefit = await BenefitAsync(admin, benefitId);
        Assert.Equal("active", benefit.Str("status"));
        Assert.Equal(ids.AccessId, benefit.Str("accessId"));
        Assert.Single((await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/ledger")).Items());
    }

    [SkippableFact]
    public async Task With_approval_required_the_worker_never_completes_and_an_operator_rejects_then_approves()
    {
        var app = await StartAsync(("Activation:RequireApproval", "true"));
        var (s, admin, benefitId) = await PartnerWithBenefitAsync(app);

        var first = (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertStatus(HttpStatusCode.Accepted);
        Assert.Equal("pending", first.Str("status"));
        app.Time.Advance(TimeSpan.FromDays(30));
        await Task.Delay(Grace);
        await AssertStillPendingAsync(admin, benefitId);
        Assert.Equal(0, await ContractsOfBenefitAsync(app, benefitId));

        var pending = (await s.Operator.GetAsync("/v1/activations?status=pending")).AssertStatus(HttpStatusCode.OK).Items();
        var listed = Assert.Single(pending, a => a!.Str("id") == first.Id)!;
        Assert.Equal(benefitId, listed.Str("benefitId"));
        Assert.Equal("pending", listed.Str("status"));

        var reason = "The membership could not be verified with the program.";
        var rejected = (await s.Operator.PostAsync($"/v1/activations/{first.Id}/reject", new { reason })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.Str("status"));
        Assert.Equal(reason, rejected.Str("rejectionReason"));

        var benefit = await BenefitAsync(admin, benefitId);
        Assert.Equal("rejected", benefit.Str("status"));
        Assert.Equal(reason, benefit.Str("rejectionReason"));
        Assert.Null(benefit["accessId"]);
        Assert.DoesNotContain((await s.Operator.GetAsync("/v1/activations?status=pending")).Items(), a => a!.Str("id") == first.Id);
        (await s.Operator.PostAsync($"/v1/activations/{first.Id}/approve")).AssertProblem(HttpStatusCode.Conflict, "activation-not-pending");
        Assert.Equal("rejected", (await BenefitAsync(admin, benefitId)).Str("status"));

        var second = (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertStatus(HttpStatusCode.Accepted);
        Assert.NotEqual(first.Id, second.Id);
        benefit = await BenefitAsync(admin, benefitId);
        Assert.Equal("activationPending", benefit.Str("status"));
        Assert.Null(benefit["rejectionReason"]);

        var approved = (await s.Operator.PostAsync($"/v1/activations/{second.Id}/approve")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("completed", approved.Str("status"));
        benefit = await BenefitAsync(admin, benefitId);
        Assert.Equal("active", benefit.Str("status"));
        Assert.Equal(approved.Str("supportContractId"), benefit.Str("supportContractId"));
        Assert.Matches("^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$", benefit.Str("accessId"));
        Assert.Matches("^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$", benefit.Str("contractId"));
        Assert.Equal(1, await ContractsOfBenefitAsync(app, benefitId));
    }

    [SkippableFact]
    public async Task Only_operators_approve_reject_or_list_activations()
    {
        var app = await StartAsync(("Activation:RequireApproval", "true"));
        var (s, admin, benefitId) = await PartnerWithBenefitAsync(app);
        var org = (await admin.GetAsync("/v1/me")).Str("organizationId");
        var partnerAdmin = await s.UserAsync(org, "pa@fabrikam.example", "mpnPartnerAdmin");
        var activation = (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertStatus(HttpStatusCode.Accepted);

        foreach (var caller in new[] { admin, partnerAdmin })
        {
            (await caller.PostAsync($"/v1/activations/{activation.Id}/approve")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
            (await caller.PostAsync($"/v1/activations/{activation.Id}/reject", new { reason = "no" })).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
            (await caller.GetAsync("/v1/activations?status=pending")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        }

        Assert.Equal("activationPending", (await BenefitAsync(admin, benefitId)).Str("status"));
        Assert.Single((await s.Operator.GetAsync("/v1/activations?status=pending")).Items(), a => a!.Str("id") == activation.Id);
        Assert.Equal(0, await ContractsOfBenefitAsync(app, benefitId));
    }

    [SkippableTheory]
    [InlineData("{}")]
    [InlineData("""{"reason": null}""")]
    [InlineData("""{"reason": ""}""")]
    [InlineData("""{"reason": "   "}""")]
    public async Task Rejecting_without_a_reason_is_refused_and_changes_nothing(string body)
    {
        var app = await StartAsync(("Activation:RequireApproval", "true"));
        var (s, admin, benefitId) = await PartnerWithBenefitAsync(app);
        var activation = (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertStatus(HttpStatusCode.Accepted);

        var refused = (await s.Operator.PostRawAsync($"/v1/activations/{activation.Id}/reject", body))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");

        Assert.NotNull(refused.Json!["errors"]!["reason"]);
        Assert.Equal("activationPending", (await BenefitAsync(admin, benefitId)).Str("status"));
        Assert.Single((await s.Operator.GetAsync("/v1/activations?status=pending")).Items(), a => a!.Str("id") == activation.Id);
    }

    [SkippableFact]
    public async Task Two_operators_approving_at_once_complete_the_activation_once()
    {
        var app = await StartAsync(("Activation:RequireApproval", "true"));
        var s = await Scenario.StartAsync(app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "gold", "Data Analytics");
        var second = await app.OperatorAsync();

        foreach (var benefit in (await admin.GetAsync("/v1/benefits")).Items())
        {
            var benefitId = benefit!.Str("id");
            var activation = (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertStatus(HttpStatusCode.Accepted);

            var answers = await Task.WhenAll(
                s.Operator.PostAsync($"/v1/activations/{activation.Id}/approve"),
                second.PostAsync($"/v1/activations/{activation.Id}/approve"));

            Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
            Assert.Single(answers, a => a.Status == HttpStatusCode.Conflict).AssertProblem(HttpStatusCode.Conflict, "activation-not-pending");
            Assert.Equal(1, await ContractsOfBenefitAsync(app, benefitId));
            var shown = await BenefitAsync(admin, benefitId);
            Assert.Equal("active", shown.Str("status"));
            Assert.Equal(answers.Single(a => a.Status == HttpStatusCode.OK).Str("supportContractId"), shown.Str("supportContractId"));
            Assert.Single((await admin.GetAsync($"/v1/supportcontracts/{shown.Str("supportContractId")}/ledger")).Items());
        }
    }

    [SkippableFact]
    public async Task Approve_and_reject_at_once_one_wins_and_the_benefit_shows_the_winner()
    {
        var app = await StartAsync(("Activation:RequireApproval", "true"));
        var (s, admin, benefitId) = await PartnerWithBenefitAsync(app);
        var second = await app.OperatorAsync();
        var activation = (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertStatus(HttpStatusCode.Accepted);

        var answers = await Task.WhenAll(
            s.Operator.PostAsync($"/v1/activations/{activation.Id}/approve"),
            second.PostAsync($"/v1/activations/{activation.Id}/reject", new { reason = "Duplicate request" }));

        var winner = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.Single(answers, a => a.Status == HttpStatusCode.Conflict).AssertProblem(HttpStatusCode.Conflict, "activation-not-pending");
        var benefit = await BenefitAsync(admin, benefitId);
        if (winner.Str("status") == "completed")
        {
            Assert.Equal("active", benefit.Str("status"));
            Assert.Equal(1, await ContractsOfBenefitAsync(app, benefitId));
        }
        else
        {
            Assert.Equal("rejected", winner.Str("status"));
            Assert.Equal("rejected", benefit.Str("status"));
            Assert.Equal(0, await ContractsOfBenefitAsync(app, benefitId));
        }
    }

    [SkippableFact]
    public async Task Two_servers_on_one_database_complete_each_activation_once()
    {
        var app = await StartAsync();
        // A second server of its own on the same database and clock: the point of this test.
        await using var other = new TestApp(_db, app.Time);
        var s = await Scenario.StartAsync(app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        foreach (var competency in new[] { "Data Analytics", "Cloud Platform", "Application Development" })
            await s.MembershipAsync(org, "gold", competency);
        (await (await other.OperatorAsync()).GetAsync("/v1/activations")).AssertStatus(HttpStatusCode.OK);

        var benefits = (await admin.GetAsync("/v1/benefits")).Items().Select(b => b!.Str("id")).ToList();
        Assert.Equal(6, benefits.Count);
        foreach (var id in benefits)
            (await admin.PostAsync($"/v1/benefits/{id}/activate")).AssertStatus(HttpStatusCode.Accepted);
        foreach (var id in benefits)
            await Scenario.WaitForActiveAsync(admin, id);
        await Task.Delay(Grace);

        foreach (var id in benefits)
            Assert.Equal(1, await ContractsOfBenefitAsync(app, id));
        var completed = (await s.Operator.GetAsync("/v1/activations?status=completed")).Items();
        Assert.Equal(6, completed.Count);
    }

    [SkippableFact]
    public async Task Two_admins_pressing_Activate_at_once_make_one_request()
    {
        var app = await StartAsync(("Activation:RequireApproval", "true"));
        var (s, admin, benefitId) = await PartnerWithBenefitAsync(app);
        var org = (await admin.GetAsync("/v1/me")).Str("organizationId");
        var partnerAdmin = await s.UserAsync(org, "pa@fabrikam.example", "mpnPartnerAdmin");

        var answers = await Task.WhenAll(
            admin.PostAsync($"/v1/benefits/{benefitId}/activate"),
            partnerAdmin.PostAsync($"/v1/benefits/{benefitId}/activate"));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Accepted);
        Assert.Single(answers, a => a.Status == HttpStatusCode.Conflict).AssertProblem(HttpStatusCode.Conflict, "benefit-not-activatable");
        Assert.Single((await s.Operator.GetAsync("/v1/activations")).Items(), a => a!.Str("benefitId") == benefitId);
    }

    [SkippableFact]
    public async Task A_benefit_of_another_organization_is_not_found()
    {
        var app = await StartAsync();
        var (s, _, benefitId) = await PartnerWithBenefitAsync(app);
        var rival = await s.OrganizationAsync("Rival");
        var rivalAdmin = await s.UserAsync(rival, "admin@rival.example", "globalAdmin");
        await s.MembershipAsync(rival, "actionPack", null);

        (await rivalAdmin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertProblem(HttpStatusCode.NotFound, "benefit-not-found");
        await Task.Delay(Grace);

        Assert.Equal(0, await ContractsOfBenefitAsync(app, benefitId));
        Assert.DoesNotContain((await s.Operator.GetAsync("/v1/activations")).Items(), a => a!.Str("benefitId") == benefitId);
    }

    [SkippableFact]
    public async Task An_activation_processed_after_its_membership_ended_gives_no_contract_that_starts_after_it_ends()
    {
        var app = await StartAsync(("Activation:ProcessingDelay", "3.00:00:00"));
        var s = await Scenario.StartAsync(app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        var end = today.AddDays(1);
        await s.MembershipAsync(org, "actionPack", null, today.AddYears(-1), end);
        var benefitId = Assert.Single((await admin.GetAsync("/v1/benefits")).Items())!.Str("id");
        var activation = (await admin.PostAsync($"/v1/benefits/{benefitId}/activate")).AssertStatus(HttpStatusCode.Accepted);

        // The request is due only after the membership has ended.
        app.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline
            && (await s.Operator.GetAsync("/v1/activations?status=pending")).Items().Any(a => a!.Str("id") == activation.Id))
            await Task.Delay(50);
        await Task.Delay(Grace);

        var id = Guid.Parse(benefitId);
        var contracts = await app.WithDbAsync(db => db.SupportContracts.Where(c => c.BenefitId == id).ToListAsync());
        Assert.All(contracts, c => Assert.True(c.StartDate <= c.EndDate,
            $"contract {c.AccessId} starts on {c.StartDate:yyyy-MM-dd}, after it ends on {c.EndDate:yyyy-MM-dd}"));
    }

    private static async Task<(Scenario S, ApiClient Admin, string BenefitId)> PartnerWithBenefitAsync(TestApp app)
    {
        var s = await Scenario.StartAsync(app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "actionPack", null);
        var benefitId = Assert.Single((await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items())!.Str("id");
        return (s, admin, benefitId);
    }

    private static async Task<JsonNode> BenefitAsync(ApiClient client, string benefitId) =>
        Assert.Single((await client.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items(), b => b!.Str("id") == benefitId)!;

    private static async Task AssertStillPendingAsync(ApiClient client, string benefitId)
    {
        var benefit = await BenefitAsync(client, benefitId);
        Assert.Equal("activationPending", benefit.Str("status"));
        Assert.Null(benefit["accessId"]);
        Assert.Null(benefit["contractId"]);
        Assert.Null(benefit["supportContractId"]);
    }

    private static Task<int> ContractsOfBenefitAsync(TestApp app, string benefitId)
    {
        var id = Guid.Parse(benefitId);
        return app.WithDbAsync(db => db.SupportContracts.CountAsync(c => c.BenefitId == id));
    }

    private static DateTimeOffset At(JsonNode node, string name) =>
        DateTimeOffset.Parse(node.Str(name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
