namespace PartnerSupport.Tests.Security;

/// <summary>One call of the matrix, ready to send: method, path, body (JSON for the API, a form for pages).</summary>
public sealed record Call(HttpMethod Method, string Path)
{
    public object? Json { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>>? Form { get; init; }

    /// <summary>A portal session to use instead of the caller's own (calls that change the session).</summary>
    public PortalSession? Session { get; init; }

    /// <summary>A body other than JSON (a multipart upload), made fresh for each send.</summary>
    public Func<HttpContent>? Content { get; init; }

    /// <summary>Run after the call: puts the world back as the next rows expect it.</summary>
    public Func<Task>? Cleanup { get; init; }
}

/// <summary>
/// What each caller gets from one endpoint. <see cref="Expect"/> holds one outcome per caller, in
/// the order of <see cref="Who"/>: Anonymous, GlobalAdmin, PartnerAdmin, AdminAgent, NoRole,
/// Operator, Personal, OtherOrg.
/// API outcomes: a status; 401 is the "unauthenticated" problem, 403 the "not-authorized" problem,
/// 404 a "…-not-found" problem.
/// Page outcomes: "page" (200 HTML), "file" (200 download, not HTML), "ok" (200 HTML with a success notice and no error), "clean"
/// (200 HTML without an error), "refused" (200 HTML showing the refusal), "signin" / "denied" (redirect to /account/signin or
/// /account/denied), "done" (redirect elsewhere after success), "to:/path" (redirect there),
/// "404".
/// </summary>
public sealed record Row(string Key, bool Page, string Expect, Func<SecurityWorld, Who, Task<Call>> Prepare)
{
    /// <summary>The call names a resource of organization A: outsiders must never succeed nor read A.</summary>
    public bool AboutOrgA { get; init; }

    /// <summary>
    /// The call carries A's Access ID and Contract ID. DESIGN.md: any account holding both IDs may
    /// link the contract, so outsiders succeed here and see the contract they hold the keys of.
    /// </summary>
    public bool BearerSecret { get; init; }

    /// <summary>Signing out or revoking ends every session of the caller: sign it in again afterwards.</summary>
    public bool EndsSessions { get; init; }

    public IReadOnlyDictionary<Who, string> Outcomes
    {
        get
        {
            var tokens = Expect.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length != SecurityWorld.Callers.Count)
                throw new InvalidOperationException($"{Key}: {tokens.Length} outcomes for {SecurityWorld.Callers.Count} callers");
            return SecurityWorld.Callers.Zip(tokens).ToDictionary(p => p.First, p => p.Second);
        }
    }
}

/// <summary>
/// The expectation table: every endpoint and page the application maps, each caller's outcome.
/// <see cref="AuthorizationMatrixTests"/> fails when the application has an endpoint this table
/// does not list, or the table lists one the application no longer has.
/// </summary>
public static class AuthorizationTable
{
    private const string Locale = "en-US";

    //                                         anon   gAdmin pAdmin agent  noRole oper   personal B
    private const string EveryoneSignedIn = "401    200    200    200    200    200    200      200";
    private const string OperatorOnly = "401    403    403    403    403    200    403      403";
    private const string OperatorCreates = "401    403    403    403    403    201    403      403";
    private const string ReadOfA = "401    200    200    200    200    200    404      404";
    private const string PageForAll = "signin page   page   page   page   page   page     page";
    private const string OperatorPage = "signin denied denied denied denied page   denied   denied";
    private const string OperatorForm = "signin denied denied denied denied done   denied   denied";
    private const string OrgAdminsOfA = "401    200    403    403    403    200    404      404";
    private const string OperatorsAndOrgAdmins = "401    200    200    403    403    200    403      200";
    private const string OrgAdminsOfAPage = "signin page   denied denied denied page   404      404";
    private const string OrgAdminsOfAForm = "signin done   denied denied denied done   404      404";
    private const string OperatorsAndOrgAdminsPage = "signin page   page   denied denied page   denied   page";

    public static IReadOnlyList<Row> Rows { get; } =
    [
        // ---- anonymous by design ----
        Api("GET /healthz", "200 200 200 200 200 200 200 200", Get(_ => "/healthz")),
        Api("GET /healthz/live", "200 200 200 200 200 200 200 200", Get(_ => "/healthz/live")),
        Api("GET /healthz/ready", "200 200 200 200 200 200 200 200", Get(_ => "/healthz/ready")),
        Api("GET /openapi/{documentName}.json", "200 200 200 200 200 200 200 200", Get(_ => "/openapi/v1.json")),
        Api("GET /docs/{documentName?}", "200 200 200 200 200 200 200 200", Get(_ => "/docs/")),
        Api("GET /docs/scalar.js", "200 200 200 200 200 200 200 200", Get(_ => "/docs/scalar.js")),
        Api("GET /docs/scalar.aspnetcore.js", "200 200 200 200 200 200 200 200", Get(_ => "/docs/scalar.aspnetcore.js")),
        Api("GET /docs/favicon.svg", "200 200 200 200 200 200 200 200", Get(_ => "/docs/favicon.svg")),
        Api("POST /v1/token", "200 200 200 200 200 200 200 200", Post(_ => "/v1/token", _ => new { email = SecurityWorld.TokenTarget, password = Infrastructure.TestApp.Password })),

        // ---- accounts ----
        Api("POST /v1/token/revoke", "401 204 204 204 204 204 204 204", Post(_ => "/v1/token/revoke", _ => null)) with { EndsSessions = true },
        Api("GET /v1/me", EveryoneSignedIn, Get(_ => "/v1/me")),
        Api("PATCH /v1/me", EveryoneSignedIn, (_, _) =>
            Task.FromResult(new Call(HttpMethod.Patch, "/v1/me") { Json = new { notifications = new { email = true } } })),
        Api("POST /v1/account/password", "401 204 204 204 204 204 204 204",
            Post(_ => "/v1/account/password", _ => new { currentPassword = Infrastructure.TestApp.Password, newPassword = Infrastructure.TestApp.Password })) with { EndsSessions = true },
        Api("POST /v1/account/mfa/totp", "401 200 200 200 200 200 200 200", Post(_ => "/v1/account/mfa/totp", _ => null)),
        // A wrong code: the second factor is never switched on here, so the other rows keep signing in with a password.
        Api("POST /v1/account/mfa/totp/confirm", "401 400 400 400 400 400 400 400", Post(_ => "/v1/account/mfa/totp/confirm", _ => new { code = "abcdef" })),
        Api("GET /v1/organizations/{id:guid}/users", OrgAdminsOfA, Get(w => $"/v1/organizations/{w.OrgA}/users")) with { AboutOrgA = true },
        Api("PATCH /v1/organizations/{id:guid}/users/{userId:guid}", OrgAdminsOfA, async (w, _) =>
            new Call(HttpMethod.Patch, $"/v1/organizations/{w.OrgA}/users/{await w.FreshUserOfAAsync()}") { Json = new { roles = new[] { "adminAgent" } } }) with { AboutOrgA = true },
        Api("POST /v1/organizations/{id:guid}/apikeys", "401 201 403 403 403 201 404 404",
            Post(w => $"/v1/organizations/{w.OrgA}/apikeys", w => new { name = w.Unique("matrix key "), roles = new[] { "adminAgent" } })) with { AboutOrgA = true },
        Api("POST /v1/organizations/{id:guid}/invitations", "401 201 403 403 403 201 404 404",
            Post(w => $"/v1/organizations/{w.OrgA}/invitations", w => new { email = w.Unique("matrix.invitee") + "@woodgrove.example", roles = new[] { "adminAgent" } })) with { AboutOrgA = true },
        Api("GET /v1/organizations/{id:guid}/invitations", OrgAdminsOfA, Get(w => $"/v1/organizations/{w.OrgA}/invitations")) with { AboutOrgA = true },
        Api("DELETE /v1/organizations/{id:guid}/invitations/{invitationId:guid}", "401 204 403 403 403 204 404 404", async (w, _) =>
            new Call(HttpMethod.Delete, $"/v1/organizations/{w.OrgA}/invitations/{await w.FreshInvitationOfAAsync()}")) with { AboutOrgA = true },
        // Anonymous by design: a token nobody was given is refused alike, whoever sends it.
        Api("POST /v1/invitations/accept", "400 400 400 400 400 400 400 400",
            Post(_ => "/v1/invitations/accept", _ => new { token = "matrix-unknown-invitation-token", password = Infrastructure.TestApp.Password, displayName = "Nobody" })),
        Api("POST /v1/account/password-reset", "202 202 202 202 202 202 202 202",
            Post(_ => "/v1/account/password-reset", w => new { email = w.Unique("nobody") + "@nowhere.example" })),
        Api("POST /v1/account/password-reset/confirm", "400 400 400 400 400 400 400 400",
            Post(_ => "/v1/account/password-reset/confirm", _ => new { token = "matrix-unknown-reset-token", newPassword = Infrastructure.TestApp.Password })),
        Api("GET /v1/organizations/{id:guid}/apikeys", OrgAdminsOfA, Get(w => $"/v1/organizations/{w.OrgA}/apikeys")) with { AboutOrgA = true },
        Api("DELETE /v1/organizations/{id:guid}/apikeys/{keyId:guid}", "401 204 403 403 403 204 404 404", async (w, _) =>
            new Call(HttpMethod.Delete, $"/v1/organizations/{w.OrgA}/apikeys/{await w.FreshApiKeyOfAAsync()}")) with { AboutOrgA = true },

        // ---- back office ----
        Api("POST /v1/organizations", OperatorCreates, Post(_ => "/v1/organizations", w => new { name = "Northwind", partnerId = w.Unique("81"), programs = new[] { "mpn" }, countryCode = "BR" })),
        Api("GET /v1/organizations/{id:guid}", ReadOfA, Get(w => $"/v1/organizations/{w.OrgA}")) with { AboutOrgA = true },
        Api("POST /v1/organizations/{id:guid}/users", OperatorCreates, Post(w => $"/v1/organizations/{w.OrgA}/users", w => NewUser(w, "work", "adminAgent"))) with { AboutOrgA = true },
        Api("POST /v1/users", OperatorCreates, Post(_ => "/v1/users", w => NewUser(w, "personal"))),
        Api("POST /v1/organizations/{id:guid}/memberships", OperatorCreates, Post(w => $"/v1/organizations/{w.OrgA}/memberships", w => new { offer = "silver", competency = "Security", startDate = w.Today, endDate = w.YearFromToday })) with { AboutOrgA = true },
        Api("POST /v1/organizations/{id:guid}/customers", OperatorCreates, Post(w => $"/v1/organizations/{w.OrgA}/customers", w => new { name = "Fourth Coffee", tenantId = w.Unique("fourthcoffee") + ".example", countryCode = "BR" })) with { AboutOrgA = true },
        Api("POST /v1/products", OperatorCreates, Post(_ => "/v1/products", w => new { name = "SQL Server 2025", family = w.Unique("SQL Server "), version = "2025", kind = "onPremises" })),
        Api("GET /v1/products", EveryoneSignedIn, Get(_ => "/v1/products")),
        Api("GET /v1/activations", OperatorOnly, Get(_ => "/v1/activations?status=pending")),
        Api("POST /v1/activations/{id:guid}/approve", OperatorOnly, async (w, _) => new Call(HttpMethod.Post, $"/v1/activations/{await w.FreshPendingActivationAsync()}/approve")) with { AboutOrgA = true },
        Api("POST /v1/activations/{id:guid}/reject", OperatorOnly, async (w, _) => new Call(HttpMethod.Post, $"/v1/activations/{await w.FreshPendingActivationAsync()}/reject") { Json = new { reason = "Membership not verified" } }) with { AboutOrgA = true },
        Api("GET /v1/audit", OperatorOnly, Get(_ => "/v1/audit")),

        // ---- benefits ----
        Api("GET /v1/benefits", "401 200 200 200 200 403 403 200", Get(_ => "/v1/benefits")),
        Api("POST /v1/benefits/{id:guid}/activate", "401 202 202 403 403 404 404 404", async (w, _) => new Call(HttpMethod.Post, $"/v1/benefits/{await w.FreshBenefitAsync()}/activate")) with { AboutOrgA = true },

        // ---- support contracts ----
        Api("POST /v1/supportcontracts/links", "401 201 201 201 201 201 201 201", async (w, who) =>
        {
            var p = await w.FreshPurchaseAsync();
            return new Call(HttpMethod.Post, "/v1/supportcontracts/links") { Json = new { accessId = p.AccessId, contractId = p.ContractId }, Cleanup = () => w.UnlinkOthersAsync(p.Id, who) };
        }) with { AboutOrgA = true, BearerSecret = true },
        Api("GET /v1/supportcontracts", EveryoneSignedIn, Get(_ => "/v1/supportcontracts")),
        Api("GET /v1/supportcontracts/{id:guid}", ReadOfA, Get(w => $"/v1/supportcontracts/{w.SupportContractId}")) with { AboutOrgA = true },
        Api("PATCH /v1/supportcontracts/{id:guid}", OperatorOnly, async (w, _) =>
            new Call(HttpMethod.Patch, $"/v1/supportcontracts/{(await w.FreshPurchaseAsync()).Id}") { Json = new { decrementOn = "resolution" } }) with { AboutOrgA = true },
        Api("GET /v1/supportcontracts/{id:guid}/links", "401 200 200 403 403 200 404 404", Get(w => $"/v1/supportcontracts/{w.SupportContractId}/links")) with { AboutOrgA = true },
        Api("DELETE /v1/supportcontracts/{id:guid}/links/{linkId:guid}", "401 204 204 403 403 204 404 404", async (w, _) =>
        {
            var p = await w.FreshPurchaseAsync();
            return new Call(HttpMethod.Delete, $"/v1/supportcontracts/{p.Id}/links/{p.BuyerLinkId}");
        }) with { AboutOrgA = true },
        Api("GET /v1/supportcontracts/{id:guid}/ledger", ReadOfA, Get(w => $"/v1/supportcontracts/{w.SupportContractId}/ledger")) with { AboutOrgA = true },
        Api("GET /v1/supportplans", EveryoneSignedIn, Get(_ => "/v1/supportplans")),
        Api("POST /v1/supportplans/{id}/purchase", "401 201 201 403 403 403 403 201", Post(_ => "/v1/supportplans/premier/purchase", _ => null)),
        Api("GET /v1/workloads", EveryoneSignedIn, Get(_ => "/v1/workloads")),

        // ---- service requests ----
        Api("POST /v1/servicerequests/{agentLocale}", "401 201 201 201 201 403 403 403", Post(_ => $"/v1/servicerequests/{Locale}", w => Infrastructure.Scenario.Request(w.OnPremisesProduct, w.SupportContractId, "Matrix request"))) with { AboutOrgA = true },
        Api("GET /v1/servicerequests/supporttopics", EveryoneSignedIn, Get(_ => "/v1/servicerequests/supporttopics")),
        Api("GET /v1/servicerequests/{id:guid}", ReadOfA, Get(w => $"/v1/servicerequests/{w.RequestId}")) with { AboutOrgA = true },
        Api("PATCH /v1/servicerequests/{id:guid}", ReadOfA, async (w, _) =>
            new Call(HttpMethod.Patch, $"/v1/servicerequests/{await w.FreshCspRequestAsync()}") { Json = new { status = "closed", resolution = "resolved" } }) with { AboutOrgA = true },
        Api("GET /v1/servicerequests", EveryoneSignedIn, Get(_ => "/v1/servicerequests")),
        Api("POST /v1/servicerequests/{id:guid}/responses", OperatorOnly, async (w, _) =>
            new Call(HttpMethod.Post, $"/v1/servicerequests/{await w.FreshCspRequestAsync()}/responses") { Json = new { message = "We are looking into it." } }) with { AboutOrgA = true },
        Api("GET /v1/servicerequests/{id:guid}/responses", ReadOfA, Get(w => $"/v1/servicerequests/{w.RequestId}/responses")) with { AboutOrgA = true },
        Api("GET /v1/servicerequests/breaches", OperatorsAndOrgAdmins, Get(_ => "/v1/servicerequests/breaches")),

        // ---- staff and casework: staff (here the operator) work every organization's requests ----
        Api("POST /v1/staff", OperatorCreates, Post(_ => "/v1/staff", w => new { email = w.Unique("staff") + "@support.example", displayName = "Matrix Engineer", roles = new[] { "supportEngineer" }, password = Infrastructure.TestApp.Password })),
        Api("POST /v1/staff/invitations", OperatorCreates, Post(_ => "/v1/staff/invitations", w => new { email = w.Unique("staff.invitee") + "@support.example", displayName = "Matrix Invitee", roles = new[] { "supportEngineer" } })),
        Api("GET /v1/staff", OperatorOnly, Get(_ => "/v1/staff")),
        Api("GET /v1/queue", OperatorOnly, Get(_ => "/v1/queue")),
        Api("POST /v1/servicerequests/{id:guid}/assign", OperatorOnly, Post(w => $"/v1/servicerequests/{w.RequestId}/assign", _ => new { assigneeId = (string?)null })) with { AboutOrgA = true },
        Api("POST /v1/servicerequests/{id:guid}/messages", "401 201 201 201 201 201 404 404", Post(w => $"/v1/servicerequests/{w.RequestId}/messages", _ => new { text = "Matrix message", visibility = "public" })) with { AboutOrgA = true },
        Api("GET /v1/servicerequests/{id:guid}/messages", ReadOfA, Get(w => $"/v1/servicerequests/{w.RequestId}/messages")) with { AboutOrgA = true },
        Api("POST /v1/servicerequests/{id:guid}/attachments", "401 201 201 201 201 201 404 404", (w, _) =>
            Task.FromResult(new Call(HttpMethod.Post, $"/v1/servicerequests/{w.RequestId}/attachments") { Content = MatrixFile })) with { AboutOrgA = true },
        Api("GET /v1/servicerequests/{id:guid}/attachments", ReadOfA, Get(w => $"/v1/servicerequests/{w.RequestId}/attachments")) with { AboutOrgA = true },
        Api("GET /v1/servicerequests/{id:guid}/attachments/{attachmentId:guid}", ReadOfA, async (w, _) =>
            new Call(HttpMethod.Get, $"/v1/servicerequests/{w.RequestId}/attachments/{await FileOfAAsync(w)}")) with { AboutOrgA = true },
        Api("GET /v1/servicerequests/{id:guid}/events", ReadOfA, Get(w => $"/v1/servicerequests/{w.RequestId}/events")) with { AboutOrgA = true },

        // ---- reports ----
        Api("GET /v1/reports/usage", OperatorsAndOrgAdmins, Get(_ => "/v1/reports/usage")),

        // ---- CSP customers ----
        Api("GET /v1/customers", "401 403 403 200 403 403 403 200", Get(_ => "/v1/customers")),
        Api("GET /v1/customers/{customerTenantId}/servicerequests", "401 403 403 200 403 403 403 404", Get(_ => $"/v1/customers/{SecurityWorld.CustomerTenant}/servicerequests")) with { AboutOrgA = true },
        Api("POST /v1/customers/{customerTenantId}/servicerequests/{agentLocale}", "401 403 403 201 403 403 403 404",
            Post(_ => $"/v1/customers/{SecurityWorld.CustomerTenant}/servicerequests/{Locale}", w => w.CustomerRequestBody("Matrix customer request"))) with { AboutOrgA = true },

        // ---- alerts: the organization's admins (their own), operators (all) ----
        Api("GET /v1/alerts", "401 200 200 403 403 200 403 200", Get(_ => "/v1/alerts")),

        // ---- webhook subscriptions: an organization's globalAdmins (their own), operators (all) ----
        Api("POST /v1/webhooks", "401 201 403 403 403 201 403 201", Post(_ => "/v1/webhooks", _ => new { url = SecurityWorld.WebhookUrl, events = new[] { "ping" } })),
        Api("GET /v1/webhooks", "401 200 403 403 403 200 403 200", Get(_ => "/v1/webhooks")),
        Api("DELETE /v1/webhooks/{id:guid}", "401 204 403 403 403 204 403 404", async (w, _) =>
            new Call(HttpMethod.Delete, $"/v1/webhooks/{await w.FreshWebhookAsync()}")) with { AboutOrgA = true },
        Api("POST /v1/webhooks/{id:guid}/ping", "401 202 403 403 403 202 403 404", async (w, _) =>
            new Call(HttpMethod.Post, $"/v1/webhooks/{await w.FreshWebhookAsync()}/ping")) with { AboutOrgA = true },
        Api("GET /v1/webhooks/{id:guid}/deliveries", "401 200 403 403 403 200 403 404", async (w, _) =>
            new Call(HttpMethod.Get, $"/v1/webhooks/{await w.FreshWebhookAsync()}/deliveries")) with { AboutOrgA = true },
        Api("POST /v1/webhooks/{id:guid}/deliveries/{deliveryId:guid}/retry", "401 202 403 403 403 202 403 404", async (w, _) =>
        {
            var (webhook, delivery) = await w.FreshFailedDeliveryAsync();
            return new Call(HttpMethod.Post, $"/v1/webhooks/{webhook}/deliveries/{delivery}/retry");
        }) with { AboutOrgA = true },
        // ---- notifications: the outboxes are the operators' ----
        Api("GET /v1/outbox", OperatorOnly, Get(_ => "/v1/outbox")),

        // ---- the portal: pages ----
        Page("GET /", PageForAll, Get(_ => "/")),
        Page("GET /account/signin", "page page page page page page page page", Get(_ => "/account/signin")),
        // Single sign-on is off in this world: its two handlers are not there (SingleSignOnTests has it on).
        Page("GET /account/signin?handler=Provider", "404 404 404 404 404 404 404 404", Get(_ => "/account/signin?handler=Provider")),
        Page("GET /account/invitation?handler=Provider", "404 404 404 404 404 404 404 404", Get(_ => "/account/invitation?handler=Provider")),
        Page("GET /account/signout", "to:/ to:/ to:/ to:/ to:/ to:/ to:/ to:/", Get(_ => "/account/signout")),
        Page("GET /account/culture", "to:/ to:/ to:/ to:/ to:/ to:/ to:/ to:/", Get(_ => "/account/culture")),
        Page("GET /account/denied", "page page page page page page page page", Get(_ => "/account/denied")),
        Page("GET /benefits", PageForAll, Get(_ => "/benefits")),
        Page("GET /support/new", PageForAll, Get(_ => "/support/new")),
        Page("GET /support/plans", PageForAll, Get(_ => "/support/plans")),
        Page("GET /requests", PageForAll, Get(_ => "/requests")),
        Page("GET /requests/{id:guid}", "signin page page page page page 404 404", Get(w => $"/requests/{w.RequestId}")) with { AboutOrgA = true },
        Page("GET /plans", PageForAll, Get(_ => "/plans")),
        Page("GET /requests/{id:guid}?handler=Attachment", "signin file file file file file 404 404", async (w, _) =>
            new Call(HttpMethod.Get, $"/requests/{w.RequestId}?handler=Attachment&attachmentId={await FileOfAAsync(w)}")) with { AboutOrgA = true },
        Page("GET /queue", OperatorPage, Get(_ => "/queue")),
        Page("GET /requests/breaches", OperatorsAndOrgAdminsPage, Get(_ => "/requests/breaches")),
        Page("GET /reports/usage", OperatorsAndOrgAdminsPage, Get(_ => "/reports/usage")),
        Page("GET /reports/usage?handler=Csv", "signin file file denied denied file denied file", Get(_ => "/reports/usage?handler=Csv")),
        Page("GET /customers", "signin denied denied page denied denied denied page", Get(_ => "/customers")),
        Page("GET /customers/{tenantId}", "signin denied denied page denied denied denied 404", Get(_ => $"/customers/{SecurityWorld.CustomerTenant}")) with { AboutOrgA = true },
        Page("GET /admin/organizations", OperatorPage, Get(_ => "/admin/organizations")),
        Page("GET /admin/organizations/{id:guid}", OperatorPage, Get(w => $"/admin/organizations/{w.OrgA}")) with { AboutOrgA = true },
        Page("GET /admin/activations", OperatorPage, Get(_ => "/admin/activations")),
        Page("GET /alerts", "signin page page denied denied page denied page", Get(_ => "/alerts")),
        Page("GET /webhooks", "signin page denied denied denied page denied page", Get(_ => "/webhooks")),
        Page("GET /profile", PageForAll, Get(_ => "/profile")),
        Page("GET /account/invitation", "page page page page page page page page", Get(_ => "/account/invitation?token=matrix-unknown")),
        Page("GET /account/forgot-password", "page page page page page page page page", Get(_ => "/account/forgot-password")),
        Page("GET /account/reset-password", "page page page page page page page page", Get(_ => "/account/reset-password?token=matrix-unknown")),
        Page("GET /organization/invitations", "signin page denied denied denied page 404 404", Get(w => $"/organization/invitations?organizationId={w.OrgA}")) with { AboutOrgA = true },
        Page("GET /organization/users", OrgAdminsOfAPage, Get(w => $"/organization/users?organizationId={w.OrgA}")) with { AboutOrgA = true },
        Page("GET /organization/apikeys", OrgAdminsOfAPage, Get(w => $"/organization/apikeys?organizationId={w.OrgA}")) with { AboutOrgA = true },
        Page("GET /account/security", PageForAll, Get(_ => "/account/security")),
        Page("GET /admin/outbox", OperatorPage, Get(_ => "/admin/outbox?kind=email")),

        // ---- the portal: forms ----
        Page("POST /account/signin", "to:/ to:/ to:/ to:/ to:/ to:/ to:/ to:/", async (w, who) =>
            new Call(HttpMethod.Post, "/account/signin") { Form = Fields(("Email", SecurityWorld.TokenTarget), ("Password", Infrastructure.TestApp.Password)), Session = await w.NewSessionAsync(who) }),
        Page("POST /account/signin?handler=Provider", "404 404 404 404 404 404 404 404", Form(_ => "/account/signin?handler=Provider", _ => [])),
        Page("POST /account/invitation?handler=Provider", "404 404 404 404 404 404 404 404", Form(_ => "/account/invitation?handler=Provider", _ => [])),
        Page("POST /account/signout", "to:/account/signin to:/account/signin to:/account/signin to:/account/signin to:/account/signin to:/account/signin to:/account/signin to:/account/signin",
            Form(_ => "/account/signout", _ => [])) with { EndsSessions = true },
        Page("POST /account/culture", "to:/requests to:/requests to:/requests to:/requests to:/requests to:/requests to:/requests to:/requests", async (w, who) =>
            new Call(HttpMethod.Post, "/account/culture") { Form = Fields(("culture", "pt-BR"), ("returnUrl", "/requests")), Session = await w.NewSessionAsync(who) }),
        // Anonymous by design; tokens nobody was given are refused on the page, whoever sends them.
        Page("POST /account/invitation", "refused refused refused refused refused refused refused refused", Form(_ => "/account/invitation?token=matrix-unknown", _ =>
            Fields(("Token", "matrix-unknown"), ("DisplayName", "Nobody"), ("Password", Infrastructure.TestApp.Password)))),
        Page("POST /account/forgot-password", "ok ok ok ok ok ok ok ok", Form(_ => "/account/forgot-password", w => Fields(("Email", w.Unique("nobody") + "@nowhere.example")))),
        Page("POST /account/reset-password", "refused refused refused refused refused refused refused refused", Form(_ => "/account/reset-password?token=matrix-unknown", _ =>
            Fields(("Token", "matrix-unknown"), ("NewPassword", Infrastructure.TestApp.Password)))),
        Page("POST /organization/invitations?handler=Invite", "signin done denied denied denied done 404 404", Form(w => $"/organization/invitations?handler=Invite&organizationId={w.OrgA}", w =>
            Fields(("Input.Email", w.Unique("portal.invitee") + "@woodgrove.example"), ("Input.Roles", "adminAgent")))) with { AboutOrgA = true },
        Page("POST /organization/invitations?handler=Revoke", "signin done denied denied denied done 404 404", async (w, _) =>
            new Call(HttpMethod.Post, $"/organization/invitations?handler=Revoke&organizationId={w.OrgA}") { Form = Fields(("invitationId", await w.FreshInvitationOfAAsync())) }) with { AboutOrgA = true },
        Page("POST /profile", "signin done done done done done done done", Form(_ => "/profile", _ =>
            Fields(("Input.DisplayName", "Matrix Person"), ("Input.Language", "en-US"), ("Input.EmailNotifications", "true")))),
        Page("POST /admin/organizations", OperatorForm, Form(_ => "/admin/organizations", w =>
            Fields(("Input.Name", "Northwind Portal"), ("Input.PartnerId", w.Unique("82")), ("Input.Programs", "mpn"), ("Input.CountryCode", "BR")))),
        Page("POST /admin/organizations/{id:guid}?handler=Membership", OperatorForm, Form(w => $"/admin/organizations/{w.OrgA}?handler=Membership", w =>
            Fields(("offer", "actionPack"), ("competency", ""), ("startDate", w.Today), ("endDate", w.YearFromToday)))) with { AboutOrgA = true },
        Page("POST /admin/organizations/{id:guid}?handler=User", OperatorForm, Form(w => $"/admin/organizations/{w.OrgA}?handler=User", w =>
            Fields(("email", w.Unique("portal.user") + "@woodgrove.example"), ("displayName", "Portal User"), ("password", Infrastructure.TestApp.Password), ("roles", "globalAdmin")))) with { AboutOrgA = true },
        Page("POST /admin/organizations/{id:guid}?handler=Customer", OperatorForm, Form(w => $"/admin/organizations/{w.OrgA}?handler=Customer", w =>
            Fields(("customerName", "Portal Customer"), ("tenantId", w.Unique("portal-customer") + ".example"), ("countryCode", "BR")))) with { AboutOrgA = true },
        Page("POST /admin/activations?handler=Approve", OperatorForm, async (w, _) =>
            new Call(HttpMethod.Post, "/admin/activations?handler=Approve") { Form = Fields(("id", await w.FreshPendingActivationAsync())) }) with { AboutOrgA = true },
        Page("POST /admin/activations?handler=Reject", OperatorForm, async (w, _) =>
            new Call(HttpMethod.Post, "/admin/activations?handler=Reject") { Form = Fields(("id", await w.FreshPendingActivationAsync()), ("reason", "Not eligible")) }) with { AboutOrgA = true },
        Page("POST /benefits?handler=Activate", "signin done done refused refused refused refused refused", async (w, _) =>
            new Call(HttpMethod.Post, "/benefits?handler=Activate") { Form = Fields(("id", await w.FreshBenefitAsync())) }) with { AboutOrgA = true },
        Page("POST /webhooks?handler=Create", "signin ok denied denied denied ok denied ok", Form(_ => "/webhooks?handler=Create", _ =>
            Fields(("Input.Url", SecurityWorld.WebhookUrl), ("Input.Events", "ping"), ("Input.Description", "Matrix receiver")))),
        Page("POST /webhooks?handler=Ping", "signin done denied denied denied done denied refused", async (w, _) =>
            new Call(HttpMethod.Post, "/webhooks?handler=Ping") { Form = Fields(("id", await w.FreshWebhookAsync())) }) with { AboutOrgA = true },
        Page("POST /webhooks?handler=Delete", "signin done denied denied denied done denied refused", async (w, _) =>
            new Call(HttpMethod.Post, "/webhooks?handler=Delete") { Form = Fields(("id", await w.FreshWebhookAsync())) }) with { AboutOrgA = true },
        Page("POST /webhooks?handler=Retry", "signin done denied denied denied done denied refused", async (w, _) =>
        {
            var (webhook, delivery) = await w.FreshFailedDeliveryAsync();
            return new Call(HttpMethod.Post, "/webhooks?handler=Retry") { Form = Fields(("id", webhook), ("deliveryId", delivery)) };
        }) with { AboutOrgA = true },
        Page("POST /organization/users?handler=Roles", OrgAdminsOfAForm, async (w, _) =>
            new Call(HttpMethod.Post, $"/organization/users?handler=Roles&organizationId={w.OrgA}&userId={await w.FreshUserOfAAsync()}") { Form = Fields(("roles", "adminAgent")) }) with { AboutOrgA = true },
        Page("POST /organization/users?handler=Disabled", OrgAdminsOfAForm, async (w, _) =>
            new Call(HttpMethod.Post, $"/organization/users?handler=Disabled&organizationId={w.OrgA}&userId={await w.FreshUserOfAAsync()}") { Form = Fields(("disabled", "true")) }) with { AboutOrgA = true },
        Page("POST /organization/apikeys?handler=Create", "signin ok denied denied denied ok 404 404", Form(w => $"/organization/apikeys?handler=Create&organizationId={w.OrgA}", w =>
            Fields(("Input.Name", w.Unique("portal key ")), ("Input.Roles", "adminAgent"), ("Input.ExpiresOn", "")))) with { AboutOrgA = true },
        Page("POST /organization/apikeys?handler=Revoke", OrgAdminsOfAForm, async (w, _) =>
            new Call(HttpMethod.Post, $"/organization/apikeys?handler=Revoke&organizationId={w.OrgA}&keyId={await w.FreshApiKeyOfAAsync()}") { Form = [] }) with { AboutOrgA = true },
        Page("POST /account/security?handler=Password", "signin to:/account/signin to:/account/signin to:/account/signin to:/account/signin to:/account/signin to:/account/signin to:/account/signin",
            Form(_ => "/account/security?handler=Password", _ => Fields(("Password.CurrentPassword", Infrastructure.TestApp.Password), ("Password.NewPassword", Infrastructure.TestApp.Password)))) with { EndsSessions = true },
        // Starting shows a secret that counts only once confirmed; a wrong code confirms nothing, so the other rows keep signing in with a password.
        Page("POST /account/security?handler=Start", "signin clean clean clean clean clean clean clean", Form(_ => "/account/security?handler=Start", _ => [])),
        // A fresh account that started enrolling confirms with its app's code: the callers of the other rows keep signing in with a password.
        Page("POST /account/security?handler=Confirm", "signin ok ok ok ok ok ok ok", async (w, who) =>
        {
            if (who == Who.Anonymous)
                return new Call(HttpMethod.Post, "/account/security?handler=Confirm") { Form = Fields(("Code", "123456")) };
            var (session, code) = await w.FreshEnrolmentAsync();
            return new Call(HttpMethod.Post, "/account/security?handler=Confirm") { Form = Fields(("Code", code)), Session = session };
        }),
        Page("POST /plans?handler=Confirm", "signin done done refused refused refused refused done", Form(_ => "/plans?handler=Confirm", _ => Fields(("id", "advanced")))),
        Page("POST /customers/{tenantId}", "signin denied denied done denied denied denied 404", Form(_ => $"/customers/{SecurityWorld.CustomerTenant}", w =>
            Fields(("Input.Workload", "azure"), ("Input.ProductId", w.CloudProduct), ("Input.SupportContractId", "csp"), ("Input.Title", "Portal customer request"),
                ("Input.Description", "Scale set stuck."), ("Input.Severity", "minimal")))) with { AboutOrgA = true },
        Page("POST /customers/{tenantId}?handler=Link", "signin denied denied ok denied denied denied 404", async (w, who) =>
        {
            var p = await w.FreshPurchaseAsync();
            return new Call(HttpMethod.Post, $"/customers/{SecurityWorld.CustomerTenant}?handler=Link")
            {
                Form = Fields(("AccessId", p.AccessId), ("ContractId", p.ContractId)),
                // Only the customer's admin agent gets as far as linking.
                Cleanup = who == Who.AdminAgent ? () => w.UnlinkOthersAsync(p.Id, who) : null,
            };
        }) with { AboutOrgA = true, BearerSecret = true },
        Page("POST /requests/{id:guid}?handler=Close", "signin done done done done done 404 404", async (w, _) =>
            new Call(HttpMethod.Post, $"/requests/{await w.FreshCspRequestAsync()}?handler=Close") { Form = Fields(("resolution", "resolved")) }) with { AboutOrgA = true },
        Page("POST /requests/{id:guid}?handler=Respond", OperatorForm, async (w, _) =>
            new Call(HttpMethod.Post, $"/requests/{await w.FreshCspRequestAsync()}?handler=Respond") { Form = Fields(("message", "We are looking into it.")) }) with { AboutOrgA = true },
        Page("POST /requests/{id:guid}?handler=Reply", "signin done done done done done 404 404", async (w, _) =>
            new Call(HttpMethod.Post, $"/requests/{await w.FreshCspRequestAsync()}?handler=Reply") { Form = Fields(("text", "Here is the log.")) }) with { AboutOrgA = true },
        Page("POST /requests/{id:guid}?handler=Assign", OperatorForm, async (w, _) =>
            new Call(HttpMethod.Post, $"/requests/{await w.FreshCspRequestAsync()}?handler=Assign") { Form = [] }) with { AboutOrgA = true },
        Page("POST /requests/{id:guid}?handler=Wait", "signin denied denied denied denied done 404 404", async (w, _) =>
            new Call(HttpMethod.Post, $"/requests/{await w.FreshCspRequestAsync()}?handler=Wait") { Form = [] }) with { AboutOrgA = true },
        Page("POST /requests/{id:guid}?handler=Reopen", "signin done done done done done 404 404", async (w, _) =>
            new Call(HttpMethod.Post, $"/requests/{await w.FreshCspRequestAsync(closed: true)}?handler=Reopen") { Form = [] }) with { AboutOrgA = true },
        Page("POST /support/new?handler=Step1", PageForAll, Form(_ => "/support/new?handler=Step1", w => Draft(w))),
        Page("POST /support/new?handler=Back", PageForAll, Form(_ => "/support/new?handler=Back", w => Draft(w))),
        Page("POST /support/new?handler=Link", "signin ok ok ok ok ok ok ok", async (w, who) =>
        {
            var p = await w.FreshPurchaseAsync();
            return new Call(HttpMethod.Post, "/support/new?handler=Link")
            {
                Form = [.. Draft(w), .. Fields(("AccessId", p.AccessId), ("ContractId", p.ContractId))],
                Cleanup = () => w.UnlinkOthersAsync(p.Id, who),
            };
        }) with { AboutOrgA = true, BearerSecret = true },
        Page("POST /support/new?handler=Create", "signin done done done done refused refused refused", Form(_ => "/support/new?handler=Create", w =>
            [.. Draft(w), .. Fields(("ContractChoice", w.SupportContractId))])) with { AboutOrgA = true },
        Page("POST /support/plans", "signin done done done done done done done", async (w, who) =>
        {
            var p = await w.FreshPurchaseAsync();
            return new Call(HttpMethod.Post, "/support/plans") { Form = Fields(("AccessId", p.AccessId), ("ContractId", p.ContractId)), Cleanup = () => w.UnlinkOthersAsync(p.Id, who) };
        }) with { AboutOrgA = true, BearerSecret = true },
    ];

    private static Row Api(string key, string expect, Func<SecurityWorld, Who, Task<Call>> prepare) => new(key, false, expect, prepare);

    private static Row Page(string key, string expect, Func<SecurityWorld, Who, Task<Call>> prepare) => new(key, true, expect, prepare);

    private static HttpContent MatrixFile()
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent("matrix log line"u8.ToArray()), "file", "matrix.log");
        return form;
    }

    /// <summary>A file on organization A's request, uploaded by its admin.</summary>
    private static async Task<string> FileOfAAsync(SecurityWorld w)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/servicerequests/{w.RequestId}/attachments") { Content = MatrixFile() };
        var response = await w.Api(Who.GlobalAdmin).SendAsync(request);
        return response.AssertStatus(System.Net.HttpStatusCode.Created).Id;
    }

    private static Func<SecurityWorld, Who, Task<Call>> Get(Func<SecurityWorld, string> path) =>
        (w, _) => Task.FromResult(new Call(HttpMethod.Get, path(w)));

    private static Func<SecurityWorld, Who, Task<Call>> Post(Func<SecurityWorld, string> path, Func<SecurityWorld, object?> body) =>
        (w, _) => Task.FromResult(new Call(HttpMethod.Post, path(w)) { Json = body(w) });

    private static Func<SecurityWorld, Who, Task<Call>> Form(Func<SecurityWorld, string> path, Func<SecurityWorld, KeyValuePair<string, string>[]> fields) =>
        (w, _) => Task.FromResult(new Call(HttpMethod.Post, path(w)) { Form = fields(w) });

    private static KeyValuePair<string, string>[] Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToArray();

    private static KeyValuePair<string, string>[] Draft(SecurityWorld w) =>
        Fields(("Input.ProductId", w.OnPremisesProduct), ("Input.Title", "Portal request"), ("Input.Description", "The cluster lost quorum."), ("Input.Severity", "moderate"));

    private static object NewUser(SecurityWorld w, string accountType, params string[] roles) => new
    {
        email = w.Unique("matrix.user") + "@example.org",
        displayName = "Matrix User",
        accountType,
        roles,
        password = Infrastructure.TestApp.Password,
    };
}
