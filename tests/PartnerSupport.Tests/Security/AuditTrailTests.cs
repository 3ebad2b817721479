using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// The audit trail: every administrative and balance-changing action, whether from the API, the
/// portal or the worker, is recorded with who did it, what, to what, when (by the service's
/// clock) and from which client address; operators read it at GET /v1/audit, nobody else does;
/// a refused action leaves no entry behind.
/// </summary>
public sealed class AuditTrailTests : AppTest
{
    private const string OperatorAddress = "192.0.2.10";
    private const string AdminAddress = "198.51.100.7";
    private const string PersonalAddress = "203.0.113.9";
    private const string AdminEmail = "admin@adventure-works.example";
    private const string PersonalEmail = "sam@outlook.example";

    private ApiClient _op = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Activation:ProcessingDelay"] = "1.00:00:00" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _op = await _app.SignInFromAsync(TestApp.OperatorEmail, OperatorAddress);
    }

    /// <summary>An action the test performed and the entry it must have left.</summary>
    private sealed record Expected(string Action, string Target, string Actor, string? Address, DateTime At);

    [SkippableFact]
    public async Task Every_administrative_and_balance_changing_action_is_recorded_with_actor_action_target_time_and_address()
    {
        var expected = new List<Expected>();
        async Task<ApiResponse> Act(ApiClient client, string actor, string? address, string action, Func<ApiResponse, string> target, Func<Task<ApiResponse>> call, HttpStatusCode status)
        {
            _app.Time.Advance(TimeSpan.FromMinutes(1));
            var at = _app.Time.GetUtcNow().UtcDateTime;
            var response = (await call()).AssertStatus(status);
            expected.Add(new Expected(action, target(response), actor, address, at));
            return response;
        }
        var op = TestApp.OperatorEmail;

        // Back office.
        var org = (await Act(_op, op, OperatorAddress, "organization.create", r => r.Id,
            () => _op.PostAsync("/v1/organizations", new { name = "Adventure Works", partnerId = "4400001", programs = new[] { "mpn", "csp" }, countryCode = "PT" }), HttpStatusCode.Created)).Id;
        await Act(_op, op, OperatorAddress, "user.create", _ => AdminEmail,
            () => _op.PostAsync($"/v1/organizations/{org}/users", new { email = AdminEmail, displayName = "Ada Admin", accountType = "work", roles = new[] { "globalAdmin", "adminAgent" }, password = TestApp.Password }), HttpStatusCode.Created);
        await Act(_op, op, OperatorAddress, "user.create", _ => PersonalEmail,
            () => _op.PostAsync("/v1/users", new { email = PersonalEmail, displayName = "Sam Personal", accountType = "personal", roles = Array.Empty<string>(), password = TestApp.Password }), HttpStatusCode.Created);
        await Act(_op, op, OperatorAddress, "membership.add", _ => org,
            () => _op.PostAsync($"/v1/organizations/{org}/memberships", new { offer = "gold", competency = "Cloud Platform", startDate = "2026-11-01", endDate = "2027-10-31" }), HttpStatusCode.Created);
        var product = (await Act(_op, op, OperatorAddress, "product.create", r => r.Id,
            () => _op.PostAsync("/v1/products", new { name = "Exchange Server 2025", family = "Exchange Server", version = "2025", kind = "onPremises" }), HttpStatusCode.Created)).Id;
        await Act(_op, op, OperatorAddress, "customer.create", r => r.Id,
            () => _op.PostAsync($"/v1/organizations/{org}/customers", new { name = "Contoso Bikes", tenantId = "contoso-bikes.example", countryCode = "PT" }), HttpStatusCode.Created);

        var admin = await _app.SignInFromAsync(AdminEmail, AdminAddress);
        var personal = await _app.SignInFromAsync(PersonalEmail, PersonalAddress);
        var benefits = (await admin.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK).Items();
        var onPremises = benefits.Single(b => b!.Str("type") == "productSupport")!.Str("id");
        var cloud = benefits.Single(b => b!.Str("type") == "signatureCloudSupport")!.Str("id");

        // Activation: requested by the partner, approved or rejected by the operator.
        var approved = (await Act(admin, AdminEmail, AdminAddress, "benefit.activate", _ => onPremises,
            () => admin.PostAsync($"/v1/benefits/{onPremises}/activate"), HttpStatusCode.Accepted)).Id;
        await Act(_op, op, OperatorAddress, "activation.complete", _ => approved, () => _op.PostAsync($"/v1/activations/{approved}/approve"), HttpStatusCode.OK);
        var rejected = (await Act(admin, AdminEmail, AdminAddress, "benefit.activate", _ => cloud,
            () => admin.PostAsync($"/v1/benefits/{cloud}/activate"), HttpStatusCode.Accepted)).Id;
        await Act(_op, op, OperatorAddress, "activation.reject", _ => rejected,
            () => _op.PostAsync($"/v1/activations/{rejected}/reject", new { reason = "Competency not verified" }), HttpStatusCode.OK);
        var ids = await Scenario.WaitForActiveAsync(admin, onPremises);

        // Linking: a wrong pair, a right pair, a revoked link.
        var wrongContractId = ids.ContractId[..^1] + (ids.ContractId[^1] == 'Z' ? 'Y' : 'Z');
        await Act(personal, PersonalEmail, PersonalAddress, "contract.link-failed", _ => ids.AccessId,
            () => personal.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = wrongContractId }), HttpStatusCode.NotFound);
        await Act(personal, PersonalEmail, PersonalAddress, "contract.link", _ => ids.SupportContractId,
            () => personal.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId }), HttpStatusCode.Created);
        var personalLink = (await admin.GetAsync($"/v1/supportcontracts/{ids.SupportContractId}/links")).Items().Single(l => l!.Str("email") == PersonalEmail)!.Str("id");
        await Act(admin, AdminEmail, AdminAddress, "contract.link-revoke", _ => ids.SupportContractId,
            () => admin.DeleteAsync($"/v1/supportcontracts/{ids.SupportContractId}/links/{personalLink}"), HttpStatusCode.NoContent);

        // Purchase and the decrement setting.
        var bought = (await Act(admin, AdminEmail, AdminAddress, "plan.purchase", r => r.Id,
            () => admin.PostAsync("/v1/supportplans/premier/purchase"), HttpStatusCode.Created)).Id;
        await Act(_op, op, OperatorAddress, "contract.decrement-on", _ => bought,
            () => _op.PatchAsync($"/v1/supportcontracts/{bought}", new { decrementOn = "resolution" }), HttpStatusCode.OK);

        // A request: created, closed, reopened; one for a CSP customer.
        await Act(admin, AdminEmail, AdminAddress, "contract.link", _ => ids.SupportContractId,
            () => admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId }), HttpStatusCode.Created);
        var request = (await Act(admin, AdminEmail, AdminAddress, "servicerequest.create", r => r.Id,
            () => admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)), HttpStatusCode.Created)).Id;
        await Act(admin, AdminEmail, AdminAddress, "servicerequest.update", _ => request,
            () => admin.PatchAsync($"/v1/servicerequests/{request}", new { status = "closed", resolution = "duplicate" }), HttpStatusCode.OK);
        await Act(admin, AdminEmail, AdminAddress, "servicerequest.update", _ => request,
            () => admin.PatchAsync($"/v1/servicerequests/{request}", new { status = "open" }), HttpStatusCode.OK);
        var cloudProduct = (await _op.PostAsync("/v1/products", new { name = "Azure Kubernetes Service", family = "AKS", version = "current", kind = "cloud", workload = "Azure" })).AssertStatus(HttpStatusCode.Created).Id;
        expected.Add(new Expected("product.create", cloudProduct, op, OperatorAddress, _app.Time.GetUtcNow().UtcDateTime));
        await Act(admin, AdminEmail, AdminAddress, "servicerequest.create", r => r.Id,
            () => admin.PostAsync("/v1/customers/contoso-bikes.example/servicerequests/en-US",
                new { title = "Cluster down", description = "Nodes NotReady.", severity = "critical", productId = cloudProduct, supportPlan = "cloudSolutionProvider", workload = "azure" }), HttpStatusCode.Created);

        // The worker completes an activation as "system", from no client address.
        var again = (await Act(admin, AdminEmail, AdminAddress, "benefit.activate", _ => cloud,
            () => admin.PostAsync($"/v1/benefits/{cloud}/activate"), HttpStatusCode.Accepted)).Id;
        _app.Time.Advance(TimeSpan.FromDays(1));
        var completedAt = _app.Time.GetUtcNow().UtcDateTime;
        // A day later the hour-long tokens have expired: sign in again.
        admin = await _app.SignInFromAsync(AdminEmail, AdminAddress);
        personal = await _app.SignInFromAsync(PersonalEmail, PersonalAddress);
        _op = await _app.SignInFromAsync(TestApp.OperatorEmail, OperatorAddress);
        await Scenario.WaitForActiveAsync(admin, cloud);
        expected.Add(new Expected("activation.complete", again, "system", null, completedAt));

        var entries = await AllEntriesAsync();
        var problems = new List<string>();
        foreach (var e in expected)
        {
            var matches = entries.Where(x => x.Str("action") == e.Action && x.Str("target") == e.Target).ToList();
            var exact = matches.Where(x => x.Str("actor") == e.Actor && x["clientAddress"]?.GetValue<string>() == e.Address && At(x) == e.At).ToList();
            if (exact.Count != 1)
                problems.Add($"{e.Action} {e.Target} by {e.Actor} from {e.Address ?? "(none)"} at {e.At:O}: {exact.Count} exact entries; candidates: {string.Join(" | ", matches.Select(m => m.ToJsonString()))}");
        }
        var userIds = new Dictionary<string, string>
        {
            [op] = (await _op.GetAsync("/v1/me")).Id,
            [AdminEmail] = (await admin.GetAsync("/v1/me")).Id,
            [PersonalEmail] = (await personal.GetAsync("/v1/me")).Id,
        };
        foreach (var entry in entries)
        {
            var actor = entry.Str("actor");
            var actorId = entry["actorUserId"]?.GetValue<string>();
            if (userIds.TryGetValue(actor, out var id) ? actorId != id : actor == "system" && actorId is not null)
                problems.Add($"{entry.ToJsonString()}: actorUserId should be {(userIds.TryGetValue(actor, out var i) ? i : "null")}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(entries, x => x.Str("action") == "activation.reject" && x["details"]?.GetValue<string>() == "Competency not verified");
        Assert.Contains(entries, x => x.Str("action") == "contract.decrement-on" && x["details"]?.GetValue<string>() == "resolution");
        Assert.Contains(entries, x => x.Str("action") == "plan.purchase" && x["details"]!.GetValue<string>().StartsWith("premier", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Only_operators_read_the_audit_trail_and_its_filters_narrow_it()
    {
        var s = new Scenario(_app, _op);
        var org = await s.OrganizationAsync("Adventure Works", "mpn");
        var admin = await s.UserAsync(org, AdminEmail, "globalAdmin");
        var engineer = await s.UserAsync(org, "engineer@adventure-works.example");
        var personal = await s.UserAsync(null, PersonalEmail);
        await s.ProductAsync("SQL Server", "2025");

        (await _app.Anonymous().GetAsync("/v1/audit")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        foreach (var client in new[] { admin, engineer, personal })
        {
            var refused = (await client.GetAsync("/v1/audit")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
            Assert.DoesNotContain(AdminEmail, refused.Text, StringComparison.Ordinal);
            (await client.GetAsync($"/v1/audit?actor={Uri.EscapeDataString(TestApp.OperatorEmail)}")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        }

        var users = (await _op.GetAsync("/v1/audit?action=user.create")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal(3, users.Count);
        Assert.All(users, u => Assert.Equal("user.create", u!.Str("action")));
        var byOperator = (await _op.GetAsync($"/v1/audit?actor={Uri.EscapeDataString(TestApp.OperatorEmail)}")).Items();
        Assert.Equal(5, byOperator.Count);
        var newestFirst = byOperator.Select(e => e!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(newestFirst.OrderDescending(), newestFirst);
        var older = (await _op.GetAsync($"/v1/audit?actor={Uri.EscapeDataString(TestApp.OperatorEmail)}&before={newestFirst[2]}")).Items();
        Assert.Equal(newestFirst.Skip(3), older.Select(e => e!["id"]!.GetValue<long>()));
    }

    [SkippableFact]
    public async Task A_refused_action_leaves_no_entry()
    {
        var s = new Scenario(_app, _op);
        var org = await s.OrganizationAsync("Adventure Works", "mpn", "csp");
        var admin = await _app.SignInFromAsync(await UserAsync(s, org, AdminEmail, "globalAdmin"), AdminAddress);
        var personal = await _app.SignInFromAsync(await UserAsync(s, null, PersonalEmail), PersonalAddress);
        await s.MembershipAsync(org, "actionPack", null);
        var product = await s.ProductAsync("Windows Server", "2025");
        (await _op.PostAsync($"/v1/organizations/{org}/customers", new { name = "Contoso Bikes", tenantId = "contoso-bikes.example", countryCode = "PT" })).AssertStatus(HttpStatusCode.Created);
        var benefit = (await admin.GetAsync("/v1/benefits")).Items().Single()!.Str("id");
        var activation = (await admin.PostAsync($"/v1/benefits/{benefit}/activate")).AssertStatus(HttpStatusCode.Accepted).Id;
        (await _op.PostAsync($"/v1/activations/{activation}/approve")).AssertStatus(HttpStatusCode.OK);
        var ids = await Scenario.WaitForActiveAsync(admin, benefit);
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);
        var request = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created).Id;
        var partnerId = (await _op.GetAsync($"/v1/organizations/{org}")).Str("partnerId");
        var before = await AllEntriesAsync();

        var refusals = new (string What, Func<Task<ApiResponse>> Call, HttpStatusCode Status, string Code)[]
        {
            ("organization with a taken partner ID", () => _op.PostAsync("/v1/organizations", new { name = "Copy", partnerId, programs = new[] { "mpn" }, countryCode = "PT" }), HttpStatusCode.Conflict, "partner-id-taken"),
            ("user with a taken e-mail", () => _op.PostAsync("/v1/users", new { email = PersonalEmail, displayName = "Copy", accountType = "personal", roles = Array.Empty<string>(), password = TestApp.Password }), HttpStatusCode.Conflict, "email-taken"),
            ("user with a weak password", () => _op.PostAsync("/v1/users", new { email = "weak@outlook.example", displayName = "Weak", accountType = "personal", roles = Array.Empty<string>(), password = "weak" }), HttpStatusCode.BadRequest, "validation-failed"),
            ("product that exists", () => _op.PostAsync("/v1/products", new { name = "Windows Server 2025", family = "Windows Server", version = "2025", kind = "onPremises" }), HttpStatusCode.Conflict, "product-exists"),
            ("customer that exists", () => _op.PostAsync($"/v1/organizations/{org}/customers", new { name = "Copy", tenantId = "contoso-bikes.example", countryCode = "PT" }), HttpStatusCode.Conflict, "customer-exists"),
            ("membership of a partner", () => admin.PostAsync($"/v1/organizations/{org}/memberships", new { offer = "gold", competency = "Security", startDate = "2026-11-01", endDate = "2027-10-31" }), HttpStatusCode.Forbidden, "not-authorized"),
            ("activation of an active benefit", () => admin.PostAsync($"/v1/benefits/{benefit}/activate"), HttpStatusCode.Conflict, "benefit-not-activatable"),
            ("approval of a completed activation", () => _op.PostAsync($"/v1/activations/{activation}/approve"), HttpStatusCode.Conflict, "activation-not-pending"),
            ("rejection of a completed activation", () => _op.PostAsync($"/v1/activations/{activation}/reject", new { reason = "Too late" }), HttpStatusCode.Conflict, "activation-not-pending"),
            ("decrement change with an open request", () => _op.PatchAsync($"/v1/supportcontracts/{ids.SupportContractId}", new { decrementOn = "resolution" }), HttpStatusCode.Conflict, "contract-has-open-requests"),
            ("link already there", () => admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId }), HttpStatusCode.Conflict, "contract-already-linked"),
            ("request on a contract not linked", () => personal.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId)), HttpStatusCode.Forbidden, "not-authorized"),
            ("request changed by an outsider", () => personal.PatchAsync($"/v1/servicerequests/{request}", new { status = "closed", resolution = "cancelled" }), HttpStatusCode.NotFound, "service-request-not-found"),
            ("purchase by a personal account", () => personal.PostAsync("/v1/supportplans/premier/purchase"), HttpStatusCode.Forbidden, "not-authorized"),
            ("link revoked by an outsider", () => personal.DeleteAsync($"/v1/supportcontracts/{ids.SupportContractId}/links/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "contract-not-found"),
        };
        foreach (var (what, call, status, code) in refusals)
        {
            var response = await call();
            Assert.True(response.Status == status && response.Json?["code"]?.GetValue<string>() == code, $"{what}: expected {(int)status} {code}, got {response}");
        }
        // Nine more incidents use the contract up; the tenth request is refused and leaves nothing.
        for (var i = 0; i < 9; i++)
            (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertStatus(HttpStatusCode.Created);
        var afterNine = await AllEntriesAsync();
        (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId))).AssertProblem(HttpStatusCode.Conflict, "no-incidents-remaining");

        var after = await AllEntriesAsync();
        Assert.Equal(afterNine.Count, after.Count);
        var added = afterNine.Where(e => !before.Any(b => b["id"]!.GetValue<long>() == e["id"]!.GetValue<long>())).ToList();
        Assert.True(added.All(e => e.Str("action") == "servicerequest.create"),
            "Refused actions left entries: " + string.Join(" | ", added.Where(e => e.Str("action") != "servicerequest.create").Select(e => e.ToJsonString())));
        Assert.Equal(9, added.Count);
    }

    [SkippableFact]
    public async Task An_action_taken_in_the_portal_is_recorded_with_the_browsers_address()
    {
        var portal = await PortalSession.SignedInAsync(_app, TestApp.OperatorEmail, address: "192.0.2.44");
        _app.Time.Advance(TimeSpan.FromMinutes(3));
        var created = await portal.PostFormAsync("/admin/organizations",
            [new("Input.Name", "Portal Works"), new("Input.PartnerId", "4400077"), new("Input.Programs", "mpn"), new("Input.CountryCode", "PT")]);
        Assert.True(created.Status == HttpStatusCode.Redirect, $"Creating in the portal: {created}");
        var org = created.Location!.Split('/').Last();
        var entry = Assert.Single(await AllEntriesAsync(), e => e.Str("action") == "organization.create");
        Assert.Equal(org, entry.Str("target"));
        Assert.Equal(TestApp.OperatorEmail, entry.Str("actor"));
        Assert.Equal("192.0.2.44", entry["clientAddress"]?.GetValue<string>());
        Assert.Equal(_app.Time.GetUtcNow().UtcDateTime, At(entry));
    }

    [SkippableFact]
    public async Task A_retried_request_with_the_same_idempotency_key_is_recorded_once()
    {
        var s = new Scenario(_app, _op);
        var org = await s.OrganizationAsync("Adventure Works", "mpn");
        var admin = await s.UserAsync(org, AdminEmail, "globalAdmin");
        await s.MembershipAsync(org, "actionPack", null);
        var product = await s.ProductAsync("Windows Server", "2025");
        var benefit = (await admin.GetAsync("/v1/benefits")).Items().Single()!.Str("id");
        var activation = (await admin.PostAsync($"/v1/benefits/{benefit}/activate")).AssertStatus(HttpStatusCode.Accepted).Id;
        (await _op.PostAsync($"/v1/activations/{activation}/approve")).AssertStatus(HttpStatusCode.OK);
        var ids = await Scenario.WaitForActiveAsync(admin, benefit);
        (await admin.PostAsync("/v1/supportcontracts/links", new { accessId = ids.AccessId, contractId = ids.ContractId })).AssertStatus(HttpStatusCode.Created);

        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "retry-7f3a" };
        var first = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId), key)).AssertStatus(HttpStatusCode.Created).Id;
        var second = (await admin.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, ids.SupportContractId), key)).AssertStatus(HttpStatusCode.Created).Id;
        Assert.Equal(first, second);
        Assert.Single(await AllEntriesAsync(), e => e.Str("action") == "servicerequest.create");
    }

    [SkippableFact]
    public async Task An_activation_turned_down_because_its_membership_ended_is_recorded()
    {
        var s = new Scenario(_app, _op);
        var org = await s.OrganizationAsync("Adventure Works", "mpn");
        var admin = await s.UserAsync(org, AdminEmail, "globalAdmin");
        var today = DateOnly.FromDateTime(_app.Time.GetUtcNow().UtcDateTime);
        await s.MembershipAsync(org, "actionPack", null, today.AddDays(-30), today.AddDays(1));
        var benefit = (await admin.GetAsync("/v1/benefits")).Items().Single()!.Str("id");
        var activation = (await admin.PostAsync($"/v1/benefits/{benefit}/activate")).AssertStatus(HttpStatusCode.Accepted).Id;

        // The request waits a day; by the time it is processed the membership has ended, and the
        // activation is turned down (its state changes) instead of completed.
        _app.Time.Advance(TimeSpan.FromDays(3));
        _op = await _app.SignInFromAsync(TestApp.OperatorEmail, OperatorAddress);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var status = "";
        while (DateTime.UtcNow < deadline && status != "rejected")
        {
            status = (await _op.GetAsync("/v1/activations")).Items().Single(a => a!.Str("id") == activation)!.Str("status");
            await Task.Delay(50);
        }
        Assert.Equal("rejected", status);

        var entries = await AllEntriesAsync();
        Assert.True(entries.Any(e => e.Str("target") == activation),
            $"Activation {activation} was turned down (pending -> rejected) but the audit trail has no entry for it: "
            + string.Join(" | ", entries.Select(e => $"{e.Str("action")} {e.Str("target")}")));
    }

    [SkippableFact]
    public async Task Creating_an_operator_account_is_recorded()
    {
        // The bootstrap operator of TestApp was created at start-up (Bootstrap:OperatorEmail).
        var entries = await AllEntriesAsync();
        Assert.True(entries.Any(e => e.Str("target").Equals(TestApp.OperatorEmail, StringComparison.OrdinalIgnoreCase)),
            "The operator account (the most powerful account there is) was created without an audit entry; entries: "
            + string.Join(" | ", entries.Select(e => $"{e.Str("action")} {e.Str("target")}")));
    }

    private static async Task<string> UserAsync(Scenario s, string? org, string email, params string[] roles)
    {
        var path = org is null ? "/v1/users" : $"/v1/organizations/{org}/users";
        (await s.Operator.PostAsync(path, new { email, displayName = "Test " + email, accountType = org is null ? "personal" : "work", roles, password = TestApp.Password }))
            .AssertStatus(HttpStatusCode.Created);
        return email;
    }

    private static DateTime At(JsonNode entry) =>
        DateTime.Parse(entry.Str("at"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>The whole trail, newest first, following the pages.</summary>
    private async Task<List<JsonNode>> AllEntriesAsync()
    {
        var all = new List<JsonNode>();
        string path = "/v1/audit";
        while (true)
        {
            var page = (await _op.GetAsync(path)).AssertStatus(HttpStatusCode.OK);
            all.AddRange(page.Items().Select(i => i!));
            if (page.Json!["before"] is not { } before || before.GetValueKind() == System.Text.Json.JsonValueKind.Null)
                return all;
            path = $"/v1/audit?before={before.GetValue<long>()}";
        }
    }
}
