using System.Net;
using PartnerSupport.Common;
using PartnerSupport.Contracts;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.CloudAndCsp;

/// <summary>
/// Linking a contract tells the truth: which IDs are wrong (without saying which), that it is
/// already linked to you, that it expired on a date or has no incidents left and what to do next;
/// repeated wrong pairs are slowed down; organization admins see and revoke the links.
/// </summary>
public sealed class LinkErrorsTests : AppTest
{
    /// <summary>The limits the test application runs with: the defaults.</summary>
    private static readonly RateLimitOptions Defaults = new();

    private async Task<(Scenario S, string Org, ApiClient Admin, ActivatedBenefit Ids)> ActionPackAsync(DateOnly? membershipEnd = null)
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        await s.MembershipAsync(org, "actionPack", null, end: membershipEnd);
        var ids = await s.ActivateAsync(admin);
        return (s, org, admin, ids);
    }

    /// <summary>The same identifier with its last character changed: well formed, but not the one issued.</summary>
    private static string Wrong(string id) => id[..^1] + (id[^1] == 'Z' ? 'Y' : 'Z');

    [SkippableFact]
    public async Task A_wrong_access_id_and_a_wrong_contract_id_get_the_same_not_found_answer()
    {
        var (s, _, _, ids) = await ActionPackAsync();
        var alex = await s.UserAsync(null, "alex@personal.example");

        var wrongAccess = (await alex.LinkAsync(Wrong(ids.AccessId), ids.ContractId)).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");
        var wrongContract = (await alex.LinkAsync(ids.AccessId, Wrong(ids.ContractId))).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");
        var swapped = (await alex.LinkAsync(ids.ContractId, ids.AccessId)).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");

        Assert.Equal(wrongAccess.Detail(), wrongContract.Detail());
        Assert.Equal(wrongAccess.Detail(), swapped.Detail());
        Assert.Equal(wrongAccess.Str("title"), wrongContract.Str("title"));
        Assert.Empty((await alex.GetAsync("/v1/supportcontracts")).Items("available"));
        (await alex.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);
    }

    [SkippableFact]
    public async Task Ids_typed_in_lower_case_without_hyphens_with_spaces_or_with_letters_for_digits_still_link()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var buyer = await s.UserAsync(org, "buyer@fabrikam.example", "globalAdmin");
        // Purchases are immediate: buy until the pair holds a 0 and a 1, so the O/I/L variants really differ.
        string accessId = "", contractId = "", contract = "";
        static bool HoldsZeroAndOne(string ids) => ids.Contains('0', StringComparison.Ordinal) && ids.Contains('1', StringComparison.Ordinal);
        for (var attempt = 0; attempt < 40 && !HoldsZeroAndOne(accessId + contractId); attempt++)
        {
            var bought = (await buyer.PostAsync("/v1/supportplans/advanced/purchase")).AssertStatus(HttpStatusCode.Created);
            (accessId, contractId, contract) = (bought.Str("accessId"), bought.Str("contractId"), bought.Id);
        }
        Assert.Contains('0', accessId + contractId);
        Assert.Contains('1', accessId + contractId);

        var typings = new (string Who, Func<string, string> Type)[]
        {
            ("lower", id => id.ToLowerInvariant()),
            ("nohyphens", id => id.Replace("-", "", StringComparison.Ordinal)),
            ("spaces", id => "  " + id.Replace('-', ' ') + " "),
            ("letters", id => id.Replace('0', 'O').Replace('1', 'I')),
            ("lowerletters", id => id.Replace('0', 'o').Replace('1', 'l').Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()),
        };
        foreach (var (who, type) in typings)
        {
            var account = await s.UserAsync(null, $"{who}@personal.example");
            var linked = (await account.LinkAsync(type(accessId), type(contractId))).AssertStatus(HttpStatusCode.Created);
            Assert.Equal(contract, linked.Id);
            Assert.Equal(accessId, linked.Str("accessId"));
        }
        var links = (await buyer.GetAsync($"/v1/supportcontracts/{contract}/links")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal(6, links.Count);
    }

    [SkippableFact]
    public async Task Linking_a_second_time_says_it_is_already_linked_to_your_account_and_nothing_needs_doing()
    {
        var (s, _, admin, ids) = await ActionPackAsync();
        var alex = await s.UserAsync(null, "alex@personal.example");
        (await alex.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);

        foreach (var again in new[] { (ids.AccessId, ids.ContractId), (ids.AccessId.ToLowerInvariant(), ids.ContractId.Replace("-", "", StringComparison.Ordinal)) })
        {
            var refused = (await alex.LinkAsync(again.Item1, again.Item2)).AssertProblem(HttpStatusCode.Conflict, "contract-already-linked");
            Assert.Contains("already linked to your account", refused.Detail(), StringComparison.Ordinal);
            Assert.Contains("nothing needs doing", refused.Detail(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("support request", refused.Detail(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Technical Account Manager", refused.Detail(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("associated", refused.Detail(), StringComparison.OrdinalIgnoreCase);
        }

        // Already linked is not a wrong pair: repeating it never slows the account down.
        for (var i = 0; i < 6; i++)
            (await alex.LinkAsync(ids)).AssertProblem(HttpStatusCode.Conflict, "contract-already-linked");
        var links = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/links")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Single(links, l => l!.Str("email") == "alex@personal.example");
    }

    [SkippableFact]
    public async Task A_buyer_linking_its_purchased_plan_again_is_told_it_is_already_linked()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var buyer = await s.UserAsync(org, "buyer@fabrikam.example", "mpnPartnerAdmin");
        var bought = (await buyer.PostAsync("/v1/supportplans/premier/purchase")).AssertStatus(HttpStatusCode.Created);

        var refused = (await buyer.LinkAsync(bought.Str("accessId"), bought.Str("contractId"))).AssertProblem(HttpStatusCode.Conflict, "contract-already-linked");
        Assert.Contains("already linked to your account", refused.Detail(), StringComparison.Ordinal);
        Assert.DoesNotContain("Technical Account Manager", refused.Detail(), StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task An_expired_contract_is_refused_with_its_end_date_and_a_pointer_to_a_paid_plan()
    {
        var end = _app.Today().AddDays(5);
        var (_, _, _, ids) = await ActionPackAsync(end);

        _app.Time.Advance(TimeSpan.FromDays(6));
        // Tokens live an hour by the application's clock: sign in again after the jump.
        var s = await Scenario.StartAsync(_app);
        var alex = await s.UserAsync(null, "alex@personal.example");
        var refused = (await alex.LinkAsync(ids)).AssertProblem(HttpStatusCode.Conflict, "contract-expired");
        Assert.Contains(end.Iso(), refused.Detail(), StringComparison.Ordinal);
        Assert.Contains("partner support plan", refused.Detail(), StringComparison.Ordinal);

        Assert.Empty((await alex.GetAsync("/v1/supportcontracts")).Items("available"));
        Assert.Empty((await alex.GetAsync("/v1/supportcontracts")).Items("unavailable"));
    }

    [SkippableFact]
    public async Task A_contract_whose_incidents_were_used_up_by_another_account_is_refused_as_exhausted()
    {
        var (s, _, admin, ids) = await ActionPackAsync();
        var product = await s.ProductAsync("Windows Server", "2025");
        (await admin.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);
        for (var i = 0; i < 10; i++)
            (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);

        var alex = await s.UserAsync(null, "alex@personal.example");
        var refused = (await alex.LinkAsync(ids)).AssertProblem(HttpStatusCode.Conflict, "contract-exhausted");
        Assert.Contains("no incidents remaining", refused.Detail(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("partner support plan", refused.Detail(), StringComparison.Ordinal);
        Assert.Empty((await alex.GetAsync("/v1/supportcontracts")).Items("available"));
    }

    [SkippableFact]
    public async Task After_five_wrong_pairs_the_account_must_wait_even_with_the_right_pair_while_another_account_may_link()
    {
        var (s, _, _, ids) = await ActionPackAsync();
        var guesser = await s.UserAsync(null, "guesser@personal.example");
        var other = await s.UserAsync(null, "other@personal.example");

        for (var i = 0; i < 5; i++)
            (await guesser.LinkAsync(ids.AccessId, Wrong(ids.ContractId))).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");

        var blocked = (await guesser.LinkAsync(ids)).AssertProblem(HttpStatusCode.TooManyRequests, "too-many-attempts");
        var retryAfter = blocked.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 15 * 60);
        Assert.Empty((await guesser.GetAsync("/v1/supportcontracts")).Items("available"));

        // The limiter also counts per client address, but the in-process TestServer gives no
        // RemoteIpAddress (null), so here only the account is counted: another account links.
        (await other.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);

        _app.Time.Advance(TimeSpan.FromMinutes(14));
        var stillBlocked = (await guesser.LinkAsync(ids)).AssertProblem(HttpStatusCode.TooManyRequests, "too-many-attempts");
        Assert.InRange(stillBlocked.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);

        _app.Time.Advance(TimeSpan.FromMinutes(2));
        var linked = (await guesser.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(ids.SupportContractId, linked.Id);
    }

    [SkippableFact]
    public async Task Wrong_pairs_are_also_counted_per_client_address_with_a_larger_allowance_than_one_account()
    {
        var (s, _, _, ids) = await ActionPackAsync();
        var guessers = Enumerable.Range(1, 4).Select(i => $"guesser{i}@personal.example").ToArray();
        foreach (var email in guessers.Append("colleague@personal.example").Append("elsewhere@personal.example"))
        {
            await s.AccountAsync(null, email, "Test " + email);
        }
        var colleague = await _app.SignInFromAsync("colleague@personal.example", "203.0.113.7");
        var elsewhere = await _app.SignInFromAsync("elsewhere@personal.example", "198.51.100.20");

        // One account's five mistakes do not hold back the others behind its address (an office).
        var first = await _app.SignInFromAsync(guessers[0], "203.0.113.7");
        for (var i = 0; i < Defaults.WrongPairsPerAccount; i++)
            (await first.LinkAsync(ids.AccessId, Wrong(ids.ContractId))).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");
        (await first.LinkAsync(ids)).AssertProblem(HttpStatusCode.TooManyRequests, "too-many-attempts");

        // Many accounts guessing from one address: the address is cut off, right pair or not.
        foreach (var email in guessers.Skip(1))
        {
            var guesser = await _app.SignInFromAsync(email, "203.0.113.7");
            for (var i = 0; i < Defaults.WrongPairsPerAccount; i++)
                (await guesser.LinkAsync(ids.AccessId, Wrong(ids.ContractId))).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");
        }
        var refused = (await colleague.LinkAsync(ids)).AssertProblem(HttpStatusCode.TooManyRequests, "too-many-attempts");
        Assert.True(refused.Headers.RetryAfter?.Delta?.TotalSeconds > 0, "Retry-After must say how many seconds to wait");
        (await elsewhere.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);

        _app.Time.Advance(TimeSpan.FromMinutes(16));
        (await colleague.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);
    }

    [SkippableFact]
    public async Task Organization_admins_see_who_linked_a_contract_and_revoke_a_link_without_losing_earlier_requests()
    {
        var (s, org, admin, ids) = await ActionPackAsync();
        var product = await s.ProductAsync("Windows Server", "2025");
        var partnerAdmin = await s.UserAsync(org, "pa@fabrikam.example", "mpnPartnerAdmin");
        var engineer = await s.UserAsync(org, "engineer@fabrikam.example");
        var agent = await s.UserAsync(org, "agent@fabrikam.example", "adminAgent");
        var alex = await s.UserAsync(null, "alex@personal.example");
        (await admin.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);
        (await alex.LinkAsync(ids)).AssertStatus(HttpStatusCode.Created);
        var earlier = (await alex.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);

        var links = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/links")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal(["admin@fabrikam.example", "alex@personal.example"], links.Select(l => l!.Str("email")).Order(StringComparer.Ordinal));
        Assert.Equal(links.Count, (await partnerAdmin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/links")).AssertStatus(HttpStatusCode.OK).Items().Count);
        var alexLink = links.Single(l => l!.Str("email") == "alex@personal.example")!.Str("id");

        (await engineer.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/links")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await agent.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/links")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await engineer.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/supportcontracts/{ids.SupportContractId}/links/{alexLink}")))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        var otherOrg = await s.OrganizationAsync("Contoso");
        var otherAdmin = await s.UserAsync(otherOrg, "admin@contoso.example", "globalAdmin");
        (await otherAdmin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/links")).AssertProblem(HttpStatusCode.NotFound, "contract-not-found");
        (await otherAdmin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/supportcontracts/{ids.SupportContractId}/links/{alexLink}")))
            .AssertProblem(HttpStatusCode.NotFound, "contract-not-found");

        (await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/supportcontracts/{ids.SupportContractId}/links/{alexLink}")))
            .AssertStatus(HttpStatusCode.NoContent);
        var after = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/links")).Items();
        Assert.Equal("admin@fabrikam.example", Assert.Single(after)!.Str("email"));
        (await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/supportcontracts/{ids.SupportContractId}/links/{alexLink}")))
            .AssertProblem(HttpStatusCode.NotFound, "link-not-found");

        (await alex.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        Assert.Empty((await alex.GetAsync("/v1/supportcontracts")).Items("available"));
        var stillThere = (await alex.GetAsync($"/v1/servicerequests/{earlier.Id}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(ids.SupportContractId, stillThere.Str("supportContractId"));
        Assert.Equal(earlier.Id, Assert.Single((await alex.GetAsync("/v1/servicerequests")).Items())!.Str("id"));

        // Revoking a link gives nothing back and takes nothing away from the contract.
        Assert.Equal(9, (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}")).Int("remainingIncidents"));
        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);
    }
}
