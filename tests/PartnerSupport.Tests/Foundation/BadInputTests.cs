using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Resources;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Foundation;

/// <summary>
/// One application with two partner organizations, a linked contract and a service request, on
/// which every bad call of <see cref="BadInputTests"/> is made (the tests of a class run one at a
/// time, so each can compare the database before and after its own call).
/// </summary>
public sealed class BadInputWorld : AppTest
{
    public const string SecretTitle = "Contoso payroll cluster down 7F3C";
    public const string SecretOrganization = "Contoso Secret Holdings";
    public const string CustomerTenant = "tailspin.example";

    public TestApp App => _app;
    public ApiClient Operator { get; private set; } = null!;
    public ApiClient Admin { get; private set; } = null!;
    public ApiClient Engineer { get; private set; } = null!;
    public ApiClient Outsider { get; private set; } = null!;
    public ApiClient Personal { get; private set; } = null!;
    public ApiClient Agent { get; private set; } = null!;
    public string OrganizationId { get; private set; } = "";
    public string OtherOrganizationId { get; private set; } = "";
    public string ProductId { get; private set; } = "";
    public string BenefitId { get; private set; } = "";
    public ActivatedBenefit Contract { get; private set; } = null!;
    public string ServiceRequestId { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var s = await Scenario.StartAsync(App);
        Operator = s.Operator;
        OrganizationId = await s.OrganizationAsync(SecretOrganization, "mpn", "csp");
        Admin = await s.UserAsync(OrganizationId, "admin@contoso.example", "globalAdmin");
        Engineer = await s.UserAsync(OrganizationId, "engineer@contoso.example");
        Agent = await s.UserAsync(OrganizationId, "agent@contoso.example", "adminAgent");
        await s.CustomerAsync(OrganizationId, CustomerTenant, "Tailspin");
        OtherOrganizationId = await s.OrganizationAsync("Fabrikam");
        Outsider = await s.UserAsync(OtherOrganizationId, "admin@fabrikam.example", "globalAdmin");
        Personal = await s.UserAsync(null, "alex@personal.example");
        await s.MembershipAsync(OrganizationId, "actionPack", null);
        await s.MembershipAsync(OtherOrganizationId, "gold", "Cloud Platform");
        ProductId = await s.ProductAsync("Windows Server", "2025");
        Contract = await s.ActivateAsync(Admin);
        BenefitId = Contract.BenefitId;
        await Scenario.LinkAsync(Contract, Admin);
        ServiceRequestId = await Scenario.ServiceRequestAsync(Admin, ProductId, Contract.SupportContractId, SecretTitle);
    }

    public ApiClient Client(string who) => who switch
    {
        "operator" => Operator,
        "admin" => Admin,
        "engineer" => Engineer,
        "outsider" => Outsider,
        "personal" => Personal,
        "agent" => Agent,
        "anonymous" => App.Anonymous(),
        _ => throw new ArgumentOutOfRangeException(nameof(who), who, null),
    };

    public string Fill(string text) => text
        .Replace("{org}", OrganizationId, StringComparison.Ordinal)
        .Replace("{product}", ProductId, StringComparison.Ordinal)
        .Replace("{contract}", Contract.SupportContractId, StringComparison.Ordinal)
        .Replace("{request}", ServiceRequestId, StringComparison.Ordinal)
        .Replace("{benefit}", BenefitId, StringComparison.Ordinal);

    /// <summary>Everything a bad call could change: row counts and the balances.</summary>
    public Task<string> SnapshotAsync() => App.WithDbAsync(async db => string.Join(", ",
        $"organizations={await db.Organizations.CountAsync()}",
        $"users={await db.Users.CountAsync()}",
        $"memberships={await db.Memberships.CountAsync()}",
        $"products={await db.Products.CountAsync()}",
        $"benefits={await db.Benefits.CountAsync()}",
        $"activations={await db.Activations.CountAsync()}",
        $"contracts={await db.SupportContracts.CountAsync()}",
        $"links={await db.ContractLinks.CountAsync()}",
        $"serviceRequests={await db.ServiceRequests.CountAsync()}",
        $"ledger={await db.Ledger.CountAsync()}",
        $"customers={await db.Customers.CountAsync()}",
        $"idempotencyRecords={await db.IdempotencyRecords.CountAsync()}",
        $"apiKeys={await db.ApiKeys.CountAsync()}",
        $"roles={string.Join(",", await db.Users.OrderBy(u => u.Id).Select(u => (int)u.Roles + (u.Disabled ? "d" : "")).ToListAsync())}",
        $"openRequests={await db.ServiceRequests.CountAsync(r => r.Status == ServiceRequestStatus.Open)}",
        $"remaining={await db.SupportContracts.SumAsync(c => c.RemainingIncidents)}"));
}

/// <summary>
/// Bad input gets problem details (application/problem+json with a code and a detail in the
/// caller's language), never a 500, and changes nothing.
/// </summary>
public sealed class BadInputTests(BadInputWorld world) : IClassFixture<BadInputWorld>
{
    private const string ValidRequest = """{"title":"Server down","description":"Since the update.","severity":"moderate","productId":"{product}","supportContractId":"{contract}"}""";
    private const string ValidOrganization = """{"name":"Northwind","partnerId":"7000001","programs":["mpn"],"countryCode":"BR"}""";
    private const string ValidUser = """{"email":"new.user@contoso.example","displayName":"New User","accountType":"work","roles":[],"password":"Test-Passw0rd-42"}""";
    private const string ValidMembership = """{"offer":"gold","competency":"Cloud Platform","startDate":"2026-01-01","endDate":"2027-01-01"}""";
    private const string ValidProduct = """{"name":"SQL Server 2025","family":"SQL Server","version":"2025","kind":"onPremises"}""";
    private const string Missing = "00000000-0000-7000-8000-000000000001";

    /// <summary>
    /// caller, [PATCH ]path (GET when it has a query, else POST), JSON body, expected status,
    /// expected code (null: any), field named in errors.
    /// </summary>
    public static TheoryData<string, string, string, int, string?, string?> BadBodies => new()
    {
        // Unreadable JSON.
        { "operator", "/v1/organizations", """{"name":"Northwind","partnerId":""", 400, null, null },
        { "operator", "/v1/organizations", """{name:"Northwind"}""", 400, null, null },
        { "operator", "/v1/organizations", """{"name":"Northwind","partnerId":"7000002","programs":["mpn"],"countryCode":"BR",}""", 400, null, null },
        { "operator", "/v1/organizations", "", 400, null, null },
        { "operator", "/v1/organizations", "null", 400, null, null },
        { "operator", "/v1/organizations", "not json at all", 400, null, null },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"Since""", 400, null, null },
        { "admin", "/v1/servicerequests/en-US", "{\"title\":" + new string('[', 300) + new string(']', 300) + "}", 400, null, null },
        { "anonymous", "/v1/token", """{"email":"admin@contoso.example","password":""", 400, null, null },
        // An array, a string or a number where an object belongs.
        { "operator", "/v1/organizations", "[" + ValidOrganization + "]", 400, null, null },
        { "operator", "/v1/organizations", "\"Northwind\"", 400, null, null },
        { "admin", "/v1/servicerequests/en-US", "[" + ValidRequest + "]", 400, null, null },
        { "admin", "/v1/supportcontracts/links", "[]", 400, null, null },
        { "anonymous", "/v1/token", "[]", 400, null, null },
        { "anonymous", "/v1/token", "42", 400, null, null },
        // Wrong JSON types.
        { "operator", "/v1/organizations", """{"name":42,"partnerId":"7000003","programs":["mpn"],"countryCode":"BR"}""", 400, null, null },
        { "operator", "/v1/organizations", """{"name":"Northwind","partnerId":"7000004","programs":"mpn","countryCode":"BR"}""", 400, null, null },
        { "operator", "/v1/organizations", """{"name":"Northwind","partnerId":"7000005","programs":{"mpn":true},"countryCode":"BR"}""", 400, null, null },
        { "operator", "/v1/organizations/{org}/users", """{"email":"u1@contoso.example","displayName":"U","accountType":"work","roles":"globalAdmin","password":"Test-Passw0rd-42"}""", 400, null, null },
        { "operator", "/v1/organizations/{org}/users", """{"email":"u2@contoso.example","displayName":"U","accountType":"work","roles":[1],"password":"Test-Passw0rd-42"}""", 400, null, null },
        { "operator", "/v1/products", """{"name":"SQL Server 2025","family":"SQL Server","version":2025,"kind":"onPremises"}""", 400, null, null },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","severity":2,"productId":"{product}","supportContractId":"{contract}"}""", 400, null, null },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","severity":"moderate","productId":"not-a-guid","supportContractId":"{contract}"}""", 400, null, null },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","severity":"moderate","productId":"{product}","supportContractId":12}""", 400, null, null },
        { "admin", "/v1/servicerequests/en-US", """{"title":["Server down"],"description":"x","severity":"moderate","productId":"{product}","supportContractId":"{contract}"}""", 400, null, null },
        { "admin", "/v1/supportcontracts/links", """{"accessId":12345,"contractId":"ABCDE"}""", 400, null, null },
        { "admin", "/v1/supportcontracts/links", """{"accessId":{"id":"x"},"contractId":"ABCDE"}""", 400, null, null },
        { "anonymous", "/v1/token", """{"email":42,"password":"Test-Passw0rd-42"}""", 400, null, null },
        { "operator", $"/v1/activations/{Missing}/reject", """{"reason":["no"]}""", 400, null, null },
        // Unknown enum values.
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","severity":"urgent","productId":"{product}","supportContractId":"{contract}"}""", 400, "validation-failed", "severity" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","severity":"moderate","productId":"{product}","supportPlan":"premier"}""", 400, "validation-failed", "supportPlan" },
        { "operator", "/v1/organizations/{org}/memberships", """{"offer":"platinum","competency":"Cloud Platform","startDate":"2026-01-01","endDate":"2027-01-01"}""", 400, "validation-failed", "offer" },
        { "operator", "/v1/products", """{"name":"SQL Server 2025","family":"SQL Server","version":"2025","kind":"hybrid"}""", 400, "validation-failed", "kind" },
        { "operator", "/v1/organizations/{org}/users", """{"email":"u3@contoso.example","displayName":"U","accountType":"admin","roles":[],"password":"Test-Passw0rd-42"}""", 400, "validation-failed", "accountType" },
        { "operator", "/v1/organizations/{org}/users", """{"email":"u4@contoso.example","displayName":"U","accountType":"1","roles":[],"password":"Test-Passw0rd-42"}""", 400, "validation-failed", "accountType" },
        { "operator", "/v1/users", """{"email":"u5@contoso.example","displayName":"U","accountType":"work","roles":[],"password":"Test-Passw0rd-42"}""", 400, "validation-failed", "accountType" },
        { "operator", "/v1/organizations", """{"name":"Northwind","partnerId":"7000006","programs":["mpn","gold"],"countryCode":"BR"}""", 400, "validation-failed", "programs" },
        { "operator", "/v1/organizations", """{"name":"Northwind","partnerId":"7000007","programs":[null],"countryCode":"BR"}""", 400, "validation-failed", "programs" },
        { "operator", "/v1/organizations/{org}/users", """{"email":"u6@contoso.example","displayName":"U","accountType":"work","roles":["superuser"],"password":"Test-Passw0rd-42"}""", 400, "validation-failed", "roles" },
        { "operator", "/v1/organizations/{org}/users", """{"email":"u7@contoso.example","displayName":"U","accountType":"work","roles":["operator"],"password":"Test-Passw0rd-42"}""", 400, "validation-failed", "roles" },
        { "operator", "/v1/users", """{"email":"u8@contoso.example","displayName":"U","accountType":"personal","roles":["globalAdmin"],"password":"Test-Passw0rd-42"}""", 400, "validation-failed", "roles" },
        { "operator", "/v1/activations?status=weird", "", 400, "validation-failed", "status" },
        // Missing required fields.
        { "admin", "/v1/servicerequests/en-US", "{}", 400, "validation-failed", "title" },
        { "admin", "/v1/servicerequests/en-US", "{}", 400, "validation-failed", "productId" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","severity":"moderate","productId":"{product}","supportContractId":"{contract}"}""", 400, "validation-failed", "description" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","productId":"{product}","supportContractId":"{contract}"}""", 400, "validation-failed", "severity" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","severity":"moderate","supportContractId":"{contract}"}""", 400, "validation-failed", "productId" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","severity":"moderate","productId":"{product}"}""", 400, "validation-failed", "supportContractId" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"   ","description":"x","severity":"moderate","productId":"{product}","supportContractId":"{contract}"}""", 400, "validation-failed", "title" },
        { "admin", "/v1/supportcontracts/links", """{"contractId":"ABCDE-ABCDE-ABCDE-ABCDE"}""", 400, "validation-failed", "accessId" },
        { "operator", "/v1/organizations", """{"partnerId":"7000008","programs":["mpn"],"countryCode":"BR"}""", 400, "validation-failed", "name" },
        { "operator", "/v1/organizations", """{"name":"Northwind","programs":["mpn"],"countryCode":"BR"}""", 400, "validation-failed", "partnerId" },
        { "operator", "/v1/organizations/{org}/users", """{"displayName":"U","accountType":"work","roles":[],"password":"Test-Passw0rd-42"}""", 400, "validation-failed", "email" },
        { "operator", "/v1/organizations/{org}/users", """{"email":"u9@contoso.example","displayName":"U","accountType":"work","roles":[]}""", 400, "validation-failed", "password" },
        { "operator", "/v1/organizations/{org}/memberships", """{"offer":"gold","competency":"Cloud Platform","endDate":"2027-01-01"}""", 400, "validation-failed", "startDate" },
        { "operator", "/v1/organizations/{org}/memberships", """{"offer":"silver","startDate":"2026-01-01","endDate":"2027-01-01"}""", 400, "validation-failed", "competency" },
        { "operator", "/v1/organizations/{org}/memberships", """{"offer":"actionPack","competency":"Cloud Platform","startDate":"2026-01-01","endDate":"2027-01-01"}""", 400, "validation-failed", "competency" },
        { "operator", "/v1/products", """{"name":"SQL Server 2025","version":"2025","kind":"onPremises"}""", 400, "validation-failed", "family" },
        { "operator", $"/v1/activations/{Missing}/reject", "{}", 400, "validation-failed", "reason" },
        { "anonymous", "/v1/token", "{}", 401, "invalid-credentials", null },
        { "anonymous", "/v1/token", """{"email":"admin@contoso.example"}""", 401, "invalid-credentials", null },
        // Invalid dates.
        { "operator", "/v1/organizations/{org}/memberships", """{"offer":"gold","competency":"Cloud Platform","startDate":"2026-02-30","endDate":"2027-01-01"}""", 400, null, null },
        { "operator", "/v1/organizations/{org}/memberships", """{"offer":"gold","competency":"Cloud Platform","startDate":"next week","endDate":"2027-01-01"}""", 400, null, null },
        { "operator", "/v1/organizations/{org}/memberships", """{"offer":"gold","competency":"Cloud Platform","startDate":20260101,"endDate":"2027-01-01"}""", 400, null, null },
        { "operator", "/v1/organizations/{org}/memberships", """{"offer":"gold","competency":"Cloud Platform","startDate":"2026-01-01","endDate":"2027-13-01"}""", 400, null, null },
        { "operator", "/v1/organizations/{org}/memberships", """{"offer":"gold","competency":"Cloud Platform","startDate":"2027-01-01","endDate":"2026-01-01"}""", 400, "validation-failed", "endDate" },
        // Too long, and control characters.
        { "admin", "/v1/servicerequests/en-US", """{"title":"{title201}","description":"x","severity":"moderate","productId":"{product}","supportContractId":"{contract}"}""", 400, "validation-failed", "title" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server\u0000down","description":"x","severity":"moderate","productId":"{product}","supportContractId":"{contract}"}""", 400, "validation-failed", "title" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x\u001b[31m","severity":"moderate","productId":"{product}","supportContractId":"{contract}"}""", 400, "validation-failed", "description" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","severity":"moderate","productId":"{product}","supportContractId":"{contract}","supportTopicId":"topic\u0000"}""", 400, "validation-failed", "supportTopicId" },
        { "admin", "/v1/supportcontracts/links", """{"accessId":"ABCDE\u0000","contractId":"ABCDE"}""", 400, "validation-failed", "accessId" },
        { "operator", "/v1/organizations", """{"name":"North\u0000wind","partnerId":"7000009","programs":["mpn"],"countryCode":"BR"}""", 400, "validation-failed", "name" },
        { "operator", "/v1/organizations", """{"name":"Northwind","partnerId":"70000\u001b10","programs":["mpn"],"countryCode":"BR"}""", 400, "validation-failed", "partnerId" },
        { "operator", "/v1/organizations", """{"name":"Northwind","partnerId":"7000011","programs":["mpn"],"countryCode":"B\u0000"}""", 400, "validation-failed", "countryCode" },
        { "operator", "/v1/organizations", """{"name":"Northwind","partnerId":"7000012","programs":["mpn"],"countryCode":"BRA"}""", 400, "validation-failed", "countryCode" },
        { "operator", "/v1/organizations/{org}/users", """{"email":"u10@contoso.example","displayName":"Bell\u0007","accountType":"work","roles":[],"password":"Test-Passw0rd-42"}""", 400, "validation-failed", "displayName" },
        { "operator", "/v1/organizations/{org}/users", """{"email":"u11\u0000@contoso.example","displayName":"U","accountType":"work","roles":[],"password":"Test-Passw0rd-42"}""", 400, "validation-failed", "email" },
        { "operator", "/v1/organizations/{org}/users", """{"email":"not-an-email","displayName":"U","accountType":"work","roles":[],"password":"Test-Passw0rd-42"}""", 400, "validation-failed", "email" },
        { "operator", "/v1/organizations/{org}/memberships", """{"offer":"gold","competency":"Cloud\u0000Platform","startDate":"2026-01-01","endDate":"2027-01-01"}""", 400, "validation-failed", "competency" },
        { "operator", "/v1/products", """{"name":"SQL\u001bServer","family":"SQL Server","version":"2025","kind":"onPremises"}""", 400, "validation-failed", "name" },
        { "operator", "/v1/products", """{"name":"SQL Server","family":"SQL Server","version":"{title33}","kind":"onPremises"}""", 400, "validation-failed", "version" },
        { "operator", $"/v1/activations/{Missing}/reject", """{"reason":"no\u0000"}""", 400, "validation-failed", "reason" },
        { "anonymous", "/v1/token", """{"email":"admin\u0000@contoso.example","password":"Test-Passw0rd-42"}""", 401, "invalid-credentials", null },
        // Changing a request, a contract, customers and plans.
        { "admin", "PATCH /v1/servicerequests/{request}", """{"status":"reopened"}""", 400, "validation-failed", "status" },
        { "admin", "PATCH /v1/servicerequests/{request}", """{"status":"closed","resolution":"fixed"}""", 400, "validation-failed", "status" },
        { "admin", "PATCH /v1/servicerequests/{request}", """{"status":"closed"}""", 400, "validation-failed", "status" },
        { "admin", "PATCH /v1/servicerequests/{request}", """{"status":true}""", 400, null, null },
        { "admin", "PATCH /v1/servicerequests/{request}", """{"status":"closed","resolution":""", 400, null, null },
        { "admin", "PATCH /v1/servicerequests/{request}", "[]", 400, null, null },
        { "operator", "PATCH /v1/supportcontracts/{contract}", """{"decrementOn":"never"}""", 400, "validation-failed", null },
        { "operator", "PATCH /v1/supportcontracts/{contract}", """{"decrementOn":1}""", 400, null, null },
        { "operator", "/v1/organizations/{org}/customers", """{"name":"Tail\u0000spin","tenantId":"t2.example","countryCode":"BR"}""", 400, "validation-failed", "name" },
        { "operator", "/v1/organizations/{org}/customers", """{"name":"Tailspin","tenantId":"t3 example; drop table","countryCode":"BR"}""", 400, "validation-failed", "tenantId" },
        { "operator", "/v1/organizations/{org}/customers", """{"name":"Tailspin","tenantId":"t4.example"}""", 400, "validation-failed", "countryCode" },
        { "operator", "/v1/organizations/{org}/customers", """{"name":"Tailspin","tenantId":["t5.example"],"countryCode":"BR"}""", 400, null, null },
        { "agent", "/v1/customers/tailspin.example/servicerequests/en-US", """{"title":"Portal down","description":"x","severity":"moderate","productId":"{product}","supportPlan":"cloudSolutionProvider","workload":"quantum"}""", 400, "validation-failed", "workload" },
        { "agent", "/v1/customers/tailspin.example/servicerequests/en-US", """{"title":"Portal down","description":"x","severity":"moderate","productId":"{product}","supportPlan":"cloudSolutionProvider"}""", 400, "validation-failed", "workload" },
        { "agent", "/v1/customers/tailspin.example/servicerequests/en-US", """{"title":"Portal down","description":"x","severity":"moderate","productId":"{product}","supportPlan":"cloudSolutionProvider","workload":"azure",""", 400, null, null },
        { "agent", "/v1/customers/tailspin.example/servicerequests/en-US", """{"title":"Portal down","description":"x","severity":"moderate","productId":"{product}","supportPlan":"cloudSolutionProvider","workload":"microsoft365"}""", 400, "validation-failed", "supportContractId" },
        { "agent", "/v1/customers/tailspin.example/servicerequests/en-US", """{"title":"Portal\u0000down","description":"x","severity":"moderate","productId":"{product}","supportPlan":"cloudSolutionProvider","workload":"azure"}""", 400, "validation-failed", "title" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","severity":"moderate","productId":"{product}","supportContractId":"{contract}","workload":"azure"}""", 400, "validation-failed", "workload" },
        { "admin", "/v1/servicerequests/en-US", """{"title":"Server down","description":"x","severity":"moderate","productId":"{product}","supportContractId":"{contract}","supportTopicId":"no-such-topic"}""", 400, "validation-failed", "supportTopicId" },
        // Bad route and query values.
        { "admin", "/v1/servicerequests/x", ValidRequest, 400, "validation-failed", "agentLocale" },
        { "admin", "/v1/servicerequests/en%20US", ValidRequest, 400, "validation-failed", "agentLocale" },
        { "admin", "/v1/supportcontracts?productId=not-a-guid", "", 400, null, null },
        { "admin", "/v1/supportcontracts?productId=12", "", 400, null, null },
        { "admin", "/v1/servicerequests?continuationToken=zzz", "", 400, "validation-failed", "continuationToken" },
        { "admin", "/v1/products?kind=hybrid", "", 400, "validation-failed", "kind" },
        // Accounts an organization's admin runs.
        { "admin", $"PATCH /v1/organizations/{{org}}/users/{Missing}", """{"roles":["operator"]}""", 400, "validation-failed", "roles" },
        { "admin", $"PATCH /v1/organizations/{{org}}/users/{Missing}", """{}""", 400, "validation-failed", "roles" },
        { "admin", $"PATCH /v1/organizations/{{org}}/users/{Missing}", """{"disabled":"yes"}""", 400, null, null },
        { "admin", $"PATCH /v1/organizations/{{org}}/users/{Missing}", """{"disabled":true}""", 404, "user-not-found", null },
        { "outsider", $"PATCH /v1/organizations/{{org}}/users/{Missing}", """{"disabled":true}""", 404, "organization-not-found", null },
        { "admin", "/v1/organizations/{org}/apikeys", """{"name":"K","roles":["operator"]}""", 400, "validation-failed", "roles" },
        { "admin", "/v1/organizations/{org}/apikeys", """{"name":"K"}""", 400, "validation-failed", "roles" },
        { "admin", "/v1/organizations/{org}/apikeys", """{"name":"K","roles":["adminAgent"],"expiresAt":"2020-01-01T00:00:00Z"}""", 400, "validation-failed", "expiresAt" },
        { "admin", "/v1/organizations/{org}/apikeys", """{"name":"K","roles":["adminAgent"],"expiresAt":"tomorrow"}""", 400, null, null },
        { "admin", "/v1/organizations/{org}/apikeys", """{"name":"K\u0000","roles":["adminAgent"]}""", 400, "validation-failed", "name" },
        { "agent", "/v1/organizations/{org}/apikeys", """{"name":"K","roles":["adminAgent"]}""", 403, "not-authorized", null },
        { "agent", "/v1/account/password", """{"currentPassword":"Test-Passw0rd-42"}""", 400, "validation-failed", "newPassword" },
        { "agent", "/v1/account/password", """{"currentPassword":"Test-Passw0rd-42","newPassword":"short"}""", 400, "validation-failed", "newPassword" },
        { "agent", "/v1/account/mfa/totp/confirm", """{"code":"123456"}""", 400, "validation-failed", "code" },
        { "agent", "/v1/account/mfa/totp/confirm", """{"code":"12\u00003456"}""", 400, "validation-failed", "code" },
        // Invitations and password resets.
        { "admin", "/v1/organizations/{org}/invitations", """{"email":"i1@contoso.example","roles":["operator"]}""", 400, "validation-failed", "roles" },
        { "admin", "/v1/organizations/{org}/invitations", """{"email":"i2@contoso.example"}""", 400, "validation-failed", "roles" },
        { "admin", "/v1/organizations/{org}/invitations", """{"email":"not-an-email","roles":[]}""", 400, "validation-failed", "email" },
        { "admin", "/v1/organizations/{org}/invitations", """{"email":"i3@contoso.example","roles":[],"displayName":"Bell\u0007"}""", 400, "validation-failed", "displayName" },
        { "admin", "/v1/organizations/{org}/invitations", """{"email":"admin@contoso.example","roles":[]}""", 409, "email-taken", null },
        { "agent", "/v1/organizations/{org}/invitations", """{"email":"i4@contoso.example","roles":[]}""", 403, "not-authorized", null },
        { "outsider", "/v1/organizations/{org}/invitations", """{"email":"i5@contoso.example","roles":[]}""", 404, "organization-not-found", null },
        { "anonymous", "/v1/invitations/accept", """{"password":"Test-Passw0rd-42","displayName":"X"}""", 400, "validation-failed", "token" },
        { "anonymous", "/v1/invitations/accept", """{"token":"abc","displayName":"X"}""", 400, "validation-failed", "password" },
        { "anonymous", "/v1/invitations/accept", """{"token":"abc","password":"Test-Passw0rd-42","displayName":"X"}""", 400, "invitation-invalid", null },
        { "anonymous", "/v1/invitations/accept", """{"token":"{title201}","password":"Test-Passw0rd-42","displayName":"X"}""", 400, "validation-failed", "token" },
        { "anonymous", "/v1/account/password-reset", "{}", 400, "validation-failed", "email" },
        { "anonymous", "/v1/account/password-reset", """{"email":"x\u0000@contoso.example"}""", 400, "validation-failed", "email" },
        { "anonymous", "/v1/account/password-reset/confirm", """{"token":"abc"}""", 400, "validation-failed", "newPassword" },
        { "anonymous", "/v1/account/password-reset/confirm", """{"token":"abc","newPassword":"Test-Passw0rd-42"}""", 400, "reset-token-invalid", null },
    };

    [SkippableTheory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_or_parameter_is_refused_with_problem_details_and_changes_nothing(
        string caller, string path, string body, int status, string? code, string? field)
    {
        var before = await world.SnapshotAsync();
        var text = world.Fill(body)
            .Replace("{title201}", new string('x', 201), StringComparison.Ordinal)
            .Replace("{title33}", new string('9', 33), StringComparison.Ordinal);
        var method = path.StartsWith("PATCH ", StringComparison.Ordinal) ? HttpMethod.Patch
            : path.Contains('?', StringComparison.Ordinal) ? HttpMethod.Get
            : HttpMethod.Post;
        var request = new HttpRequestMessage(method, world.Fill(path[(path.IndexOf('/', StringComparison.Ordinal))..]));
        if (method != HttpMethod.Get)
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");

        var response = await world.Client(caller).SendAsync(request);

        AssertProblemShape(response, (HttpStatusCode)status, code);
        if (field is not null)
        {
            var errors = response.Json!["errors"]?.AsObject();
            Assert.True(errors is not null && errors.ContainsKey(field), $"errors should name {field}: {response.Text}");
            Assert.False(string.IsNullOrWhiteSpace(errors[field]![0]!.GetValue<string>()), "each field error says what is wrong");
        }
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableTheory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task A_body_that_is_not_JSON_is_refused_and_changes_nothing(string contentType)
    {
        var before = await world.SnapshotAsync();
        var response = await world.Admin.PostRawAsync("/v1/servicerequests/en-US", world.Fill(ValidRequest), contentType);
        Assert.True(response.Status is HttpStatusCode.UnsupportedMediaType or HttpStatusCode.BadRequest, response.ToString());
        AssertProblemShape(response, response.Status, null);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableFact]
    public async Task A_body_that_is_not_UTF8_is_refused_and_changes_nothing()
    {
        var before = await world.SnapshotAsync();
        var bytes = Encoding.UTF8.GetBytes(world.Fill(ValidRequest)).ToList();
        bytes.InsertRange(10, [0xC3, 0x28, 0xFF, 0xFE]);
        var content = new ByteArrayContent([.. bytes]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await world.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/servicerequests/en-US") { Content = content });
        AssertProblemShape(response, HttpStatusCode.BadRequest, null);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableTheory]
    [InlineData("key\twith-a-tab")]
    [InlineData(null)]
    public async Task A_bad_Idempotency_Key_is_refused_and_changes_nothing(string? key)
    {
        var before = await world.SnapshotAsync();
        var request = WithBody("POST", "/v1/servicerequests/en-US", world.Fill(ValidRequest));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key ?? new string('k', 201));
        var response = await world.Admin.SendAsync(request);
        AssertProblemShape(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(response.Json!["errors"]!.AsObject().ContainsKey("Idempotency-Key"), response.Text);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableFact]
    public async Task Huge_strings_are_refused_without_a_server_error_and_change_nothing()
    {
        var before = await world.SnapshotAsync();
        var big = new string('x', 300 * 1024);
        var calls = new (ApiClient Client, string Path, object Body)[]
        {
            (world.Admin, "/v1/servicerequests/en-US", new { title = big, description = "x", severity = "moderate", productId = world.ProductId, supportContractId = world.Contract.SupportContractId }),
            (world.Admin, "/v1/servicerequests/en-US", new { title = "Server down", description = new string('d', 1024 * 1024), severity = "moderate", productId = world.ProductId, supportContractId = world.Contract.SupportContractId }),
            (world.Admin, "/v1/supportcontracts/links", new { accessId = big, contractId = big }),
            (world.Operator, "/v1/organizations", new { name = big, partnerId = "7000100", programs = new[] { "mpn" }, countryCode = "BR" }),
            (world.Operator, "/v1/products", new { name = big, family = big, version = "1", kind = "cloud" }),
            (world.Operator, $"/v1/organizations/{world.OrganizationId}/users", new { email = "big@contoso.example", displayName = big, accountType = "work", roles = Array.Empty<string>(), password = TestApp.Password }),
        };
        foreach (var (client, path, body) in calls)
        {
            var response = await client.PostAsync(path, body);
            Assert.True(response.Status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{path}: {(int)response.Status} {Truncate(response.Text)}");
            AssertProblemShape(response, response.Status, null);
        }

        // Signing in with a huge password is refused like any wrong password (or as too large).
        var token = await world.App.Anonymous().PostAsync("/v1/token", new { email = "admin@contoso.example", password = big });
        Assert.True(token.Status is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, Truncate(token.ToString()));
        AssertProblemShape(token, token.Status, null);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableTheory]
    [InlineData("admin", "GET", "/v1/servicerequests/not-a-guid", null)]
    [InlineData("admin", "GET", "/v1/servicerequests/12345", null)]
    [InlineData("admin", "GET", "/v1/supportcontracts/not-a-guid", null)]
    [InlineData("admin", "GET", "/v1/supportcontracts/not-a-guid/ledger", null)]
    [InlineData("admin", "POST", "/v1/benefits/not-a-guid/activate", null)]
    [InlineData("operator", "GET", "/v1/organizations/not-a-guid", null)]
    [InlineData("operator", "POST", "/v1/organizations/not-a-guid/users", ValidUser)]
    [InlineData("operator", "POST", "/v1/organizations/not-a-guid/memberships", ValidMembership)]
    [InlineData("operator", "POST", "/v1/activations/not-a-guid/approve", null)]
    [InlineData("operator", "POST", "/v1/activations/not-a-guid/reject", """{"reason":"no"}""")]
    [InlineData("admin", "GET", "/v1/servicerequests/" + Missing, "service-request-not-found")]
    [InlineData("admin", "GET", "/v1/supportcontracts/" + Missing, "contract-not-found")]
    [InlineData("admin", "GET", "/v1/supportcontracts/" + Missing + "/ledger", "contract-not-found")]
    [InlineData("admin", "POST", "/v1/benefits/" + Missing + "/activate", "benefit-not-found")]
    [InlineData("operator", "GET", "/v1/organizations/" + Missing, "organization-not-found")]
    [InlineData("operator", "POST", "/v1/organizations/" + Missing + "/users", "organization-not-found")]
    [InlineData("operator", "POST", "/v1/activations/" + Missing + "/approve", "activation-not-found")]
    [InlineData("admin", "PATCH", "/v1/servicerequests/not-a-guid", """{"status":"open"}""")]
    [InlineData("admin", "PATCH", "/v1/servicerequests/" + Missing, "service-request-not-found")]
    [InlineData("operator", "PATCH", "/v1/supportcontracts/not-a-guid", """{"decrementOn":"resolution"}""")]
    [InlineData("admin", "GET", "/v1/supportcontracts/not-a-guid/links", null)]
    [InlineData("admin", "DELETE", "/v1/supportcontracts/not-a-guid/links/not-a-guid", null)]
    [InlineData("admin", "DELETE", "/v1/supportcontracts/{contract}/links/" + Missing, "link-not-found")]
    [InlineData("operator", "POST", "/v1/organizations/not-a-guid/customers", """{"name":"Tailspin","tenantId":"t9.example","countryCode":"BR"}""")]
    [InlineData("agent", "GET", "/v1/customers/unknown.example/servicerequests", "customer-not-found")]
    [InlineData("admin", "POST", "/v1/supportplans/platinum/purchase", "plan-not-found")]
    public async Task An_id_that_is_not_a_GUID_or_names_nothing_is_not_found(string caller, string method, string path, string? bodyOrCode)
    {
        var before = await world.SnapshotAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), world.Fill(path));
        var code = bodyOrCode is not null && !bodyOrCode.StartsWith('{') ? bodyOrCode : null;
        if (method is "POST" or "PATCH")
        {
            var body = bodyOrCode is not null && bodyOrCode.StartsWith('{') ? bodyOrCode
                : path.EndsWith("/users", StringComparison.Ordinal) ? ValidUser
                : method == "PATCH" ? """{"status":"open"}"""
                : "{}";
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        var response = await world.Client(caller).SendAsync(request);
        AssertProblemShape(response, HttpStatusCode.NotFound, code);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableTheory]
    [InlineData("GET", "/v1/me")]
    [InlineData("GET", "/v1/benefits")]
    [InlineData("POST", "/v1/benefits/{benefit}/activate")]
    [InlineData("GET", "/v1/servicerequests")]
    [InlineData("GET", "/v1/servicerequests/{request}")]
    [InlineData("POST", "/v1/servicerequests/en-US")]
    [InlineData("GET", "/v1/supportcontracts")]
    [InlineData("GET", "/v1/supportcontracts/{contract}")]
    [InlineData("GET", "/v1/supportcontracts/{contract}/ledger")]
    [InlineData("POST", "/v1/supportcontracts/links")]
    [InlineData("POST", "/v1/organizations")]
    [InlineData("GET", "/v1/activations")]
    [InlineData("GET", "/v1/products")]
    public async Task A_call_without_a_token_is_unauthenticated(string method, string path)
    {
        var before = await world.SnapshotAsync();
        var response = await world.App.Anonymous().SendAsync(WithBody(method, world.Fill(path), world.Fill(ValidRequest)));
        AssertProblemShape(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.DoesNotContain(BadInputWorld.SecretTitle, response.Text, StringComparison.Ordinal);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableFact]
    public async Task A_token_that_was_not_signed_by_the_service_is_refused()
    {
        var before = await world.SnapshotAsync();
        var token = world.Admin.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var me = (await world.Admin.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        var operatorId = (await world.Operator.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK).Id;
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var payload = JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject();
        Assert.Equal(me.Id, payload["sub"]!.GetValue<string>());

        var otherKey = RandomNumberGenerator.GetBytes(64);
        var forgedSignature = Base64UrlEncode(HMACSHA256.HashData(otherKey, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));
        payload["sub"] = operatorId;
        var elevatedPayload = Base64UrlEncode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var none = Base64UrlEncode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}"""));
        var forged = new[]
        {
            $"{parts[0]}.{parts[1]}.{forgedSignature}",
            $"{parts[0]}.{elevatedPayload}.{parts[2]}",
            $"{none}.{elevatedPayload}.",
            $"{none}.{parts[1]}.",
            $"{parts[0]}.{parts[1]}.",
            "not-a-token",
        };
        foreach (var bad in forged)
        {
            foreach (var path in new[] { "/v1/me", "/v1/organizations", $"/v1/servicerequests/{world.ServiceRequestId}" })
            {
                var client = world.App.Anonymous();
                client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bad);
                var response = await client.GetAsync(path);
                AssertProblemShape(response, HttpStatusCode.Unauthorized, "unauthenticated");
                Assert.DoesNotContain(BadInputWorld.SecretTitle, response.Text, StringComparison.Ordinal);
            }
        }
        // The genuine token still works, so the refusals above are about the forgery.
        (await world.Admin.GetAsync($"/v1/servicerequests/{world.ServiceRequestId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableTheory]
    [InlineData("admin", "POST", "/v1/organizations", ValidOrganization)]
    [InlineData("admin", "POST", "/v1/organizations/{org}/users", ValidUser)]
    [InlineData("admin", "POST", "/v1/users", """{"email":"p2@personal.example","displayName":"P","accountType":"personal","roles":[],"password":"Test-Passw0rd-42"}""")]
    [InlineData("admin", "POST", "/v1/organizations/{org}/memberships", ValidMembership)]
    [InlineData("admin", "POST", "/v1/products", ValidProduct)]
    [InlineData("admin", "GET", "/v1/activations?status=pending", null)]
    [InlineData("admin", "POST", "/v1/activations/" + Missing + "/approve", null)]
    [InlineData("admin", "POST", "/v1/activations/" + Missing + "/reject", """{"reason":"no"}""")]
    [InlineData("engineer", "POST", "/v1/organizations", ValidOrganization)]
    [InlineData("engineer", "POST", "/v1/products", ValidProduct)]
    [InlineData("personal", "POST", "/v1/organizations", ValidOrganization)]
    [InlineData("personal", "POST", "/v1/organizations/{org}/memberships", ValidMembership)]
    [InlineData("personal", "GET", "/v1/activations", null)]
    [InlineData("admin", "POST", "/v1/organizations/{org}/customers", """{"name":"Tailspin","tenantId":"t8.example","countryCode":"BR"}""")]
    [InlineData("agent", "PATCH", "/v1/supportcontracts/{contract}", """{"decrementOn":"resolution"}""")]
    [InlineData("admin", "GET", "/v1/customers", null)]
    [InlineData("admin", "GET", "/v1/customers/tailspin.example/servicerequests", null)]
    [InlineData("engineer", "POST", "/v1/supportplans/premier/purchase", null)]
    [InlineData("engineer", "GET", "/v1/supportcontracts/{contract}/links", null)]
    public async Task Someone_who_is_not_an_operator_cannot_use_the_back_office(string caller, string method, string path, string? body)
    {
        var before = await world.SnapshotAsync();
        var response = await world.Client(caller).SendAsync(WithBody(method, world.Fill(path), body ?? "{}"));
        AssertProblemShape(response, HttpStatusCode.Forbidden, "not-authorized");
        Assert.Equal(Messages.Get("NotAuthorized", CultureInfo.GetCultureInfo("en")), response.Str("detail"));
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableTheory]
    [InlineData("outsider")]
    [InlineData("personal")]
    public async Task Another_organizations_request_and_contract_are_not_found_and_not_leaked(string caller)
    {
        var before = await world.SnapshotAsync();
        var client = world.Client(caller);
        var secrets = new[] { BadInputWorld.SecretTitle, BadInputWorld.SecretOrganization, world.Contract.AccessId, world.Contract.ContractId, "admin@contoso.example" };
        var reads = new (string Path, string Code)[]
        {
            ($"/v1/servicerequests/{world.ServiceRequestId}", "service-request-not-found"),
            ($"/v1/supportcontracts/{world.Contract.SupportContractId}", "contract-not-found"),
            ($"/v1/supportcontracts/{world.Contract.SupportContractId}/ledger", "contract-not-found"),
            ($"/v1/organizations/{world.OrganizationId}", "organization-not-found"),
        };
        foreach (var (path, code) in reads)
        {
            var response = await client.GetAsync(path);
            AssertProblemShape(response, HttpStatusCode.NotFound, code);
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, response.Text, StringComparison.OrdinalIgnoreCase);
        }
        foreach (var path in new[] { "/v1/servicerequests", "/v1/supportcontracts" })
        {
            var list = (await client.GetAsync(path)).AssertStatus(HttpStatusCode.OK);
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, list.Text, StringComparison.OrdinalIgnoreCase);
        }

        // Nor can they spend the contract or activate the benefit by naming its ID.
        (await client.PostAsync("/v1/servicerequests/en-US", Scenario.Request(world.ProductId, world.Contract.SupportContractId)))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await client.PostAsync($"/v1/benefits/{world.BenefitId}/activate")).AssertProblem(HttpStatusCode.NotFound, "benefit-not-found");

        // The owner still sees both, so the 404s above are about who asks.
        (await world.Engineer.GetAsync($"/v1/servicerequests/{world.ServiceRequestId}")).AssertStatus(HttpStatusCode.OK);
        (await world.Engineer.GetAsync($"/v1/supportcontracts/{world.Contract.SupportContractId}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(before, await world.SnapshotAsync());
    }

    [SkippableFact]
    public async Task A_wrong_email_or_password_gets_the_same_invalid_credentials_answer()
    {
        var before = await world.SnapshotAsync();
        var anonymous = world.App.Anonymous();
        var wrongPassword = (await anonymous.PostAsync("/v1/token", new { email = "engineer@contoso.example", password = "Wrong-Passw0rd-42" }))
            .AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        var unknownEmail = (await anonymous.PostAsync("/v1/token", new { email = "nobody@contoso.example", password = TestApp.Password }))
            .AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Equal(wrongPassword.Str("detail"), unknownEmail.Str("detail"));
        Assert.Null(wrongPassword.Json!["accessToken"]);
        Assert.Equal(before, await world.SnapshotAsync());

        // The right password still works: one failure does not lock the account.
        (await anonymous.PostAsync("/v1/token", new { email = "engineer@contoso.example", password = TestApp.Password })).AssertStatus(HttpStatusCode.OK);
    }

    [SkippableTheory]
    [InlineData("pt-BR", "Você não está autorizado para esta ação.")]
    [InlineData("es-ES", "No está autorizado para esta acción.")]
    [InlineData("pt-BR,pt;q=0.9,en;q=0.8", "Você não está autorizado para esta ação.")]
    [InlineData("en-US", "You are not authorized for this action.")]
    [InlineData(null, "You are not authorized for this action.")]
    public async Task The_detail_is_written_in_the_language_the_caller_asks_for(string? language, string expected)
    {
        var request = WithBody("POST", "/v1/organizations", ValidOrganization);
        if (language is not null)
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
        var response = await world.Engineer.SendAsync(request);
        AssertProblemShape(response, HttpStatusCode.Forbidden, "not-authorized");
        Assert.Equal(expected, response.Str("detail"));
    }

    [SkippableTheory]
    [InlineData("pt-BR")]
    [InlineData("es-ES")]
    public async Task Refusals_of_the_use_cases_are_translated(string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var validation = await world.Admin.SendAsync(WithBody("POST", "/v1/servicerequests/en-US", "{}", language));
        AssertProblemShape(validation, HttpStatusCode.BadRequest, "validation-failed");
        AssertTranslated("ValidationFailed", culture, validation);

        var credentials = await world.App.Anonymous().SendAsync(WithBody("POST", "/v1/token", """{"email":"nobody@contoso.example","password":"x"}""", language));
        AssertProblemShape(credentials, HttpStatusCode.Unauthorized, "invalid-credentials");
        AssertTranslated("InvalidCredentials", culture, credentials);

        var notFound = await world.Admin.SendAsync(WithBody("GET", $"/v1/servicerequests/{Missing}", null, language));
        AssertProblemShape(notFound, HttpStatusCode.NotFound, "service-request-not-found");
        AssertTranslated("ServiceRequestNotFound", culture, notFound);
    }

    [SkippableTheory]
    [InlineData("pt-BR")]
    [InlineData("es-ES")]
    public async Task The_unauthenticated_refusal_is_translated(string language)
    {
        var response = await world.App.Anonymous().SendAsync(WithBody("GET", "/v1/me", null, language));
        AssertProblemShape(response, HttpStatusCode.Unauthorized, "unauthenticated");
        AssertTranslated("Unauthenticated", CultureInfo.GetCultureInfo(language), response);
    }

    [SkippableTheory]
    [InlineData("pt-BR")]
    [InlineData("es-ES")]
    public async Task The_malformed_JSON_refusal_is_translated(string language)
    {
        var response = await world.Admin.SendAsync(WithBody("POST", "/v1/servicerequests/en-US", "{\"title\":", language));
        AssertProblemShape(response, HttpStatusCode.BadRequest, null);
        AssertTranslated("MalformedRequest", CultureInfo.GetCultureInfo(language), response);
    }

    [SkippableTheory]
    [InlineData("pt-BR")]
    [InlineData("es-ES")]
    public async Task The_no_such_route_refusal_is_translated(string language)
    {
        var response = await world.Admin.SendAsync(WithBody("GET", "/v1/supportcontracts/not-a-guid", null, language));
        AssertProblemShape(response, HttpStatusCode.NotFound, null);
        AssertTranslated("NotFound", CultureInfo.GetCultureInfo(language), response);
    }

    private static void AssertTranslated(string key, CultureInfo culture, ApiResponse response)
    {
        var translated = Messages.Get(key, culture);
        Assert.NotEqual(Messages.Get(key, CultureInfo.GetCultureInfo("en")), translated);
        Assert.Equal(translated, response.Str("detail"));
    }

    private static HttpRequestMessage WithBody(string method, string path, string? json, string? language = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET" && json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (language is not null)
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
        return request;
    }

    /// <summary>Problem details with a kebab-case code and a sentence; never a 500.</summary>
    private static void AssertProblemShape(ApiResponse response, HttpStatusCode status, string? code)
    {
        var shown = Truncate(response.ToString());
        Assert.True(response.Status == status, $"Expected {(int)status}, got {shown}");
        Assert.True(response.MediaType == "application/problem+json", $"Expected application/problem+json, got {response.MediaType}: {shown}");
        var actualCode = response.Json?["code"]?.GetValue<string>();
        Assert.Matches("^[a-z]+(-[a-z]+)*$", actualCode ?? "");
        if (code is not null)
            Assert.Equal(code, actualCode);
        Assert.False(string.IsNullOrWhiteSpace(response.Json!["detail"]?.GetValue<string>()), $"problem details must explain themselves: {shown}");
        Assert.Equal((int)status, response.Json["status"]?.GetValue<int>());
    }

    private static string Truncate(string text) => text.Length <= 600 ? text : text[..600] + "…";

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
