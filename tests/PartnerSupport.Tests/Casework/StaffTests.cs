using System.CommandLine;
using System.Net;
using PartnerSupport.Cli;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Casework;

/// <summary>Operators add staff (operators, support engineers); staff list each other; partners do neither.</summary>
public sealed class StaffTests : AppTest
{
    [SkippableFact]
    public async Task An_operator_adds_a_support_engineer_who_belongs_to_no_organization_and_the_staff_list_shows_it()
    {
        var s = await Scenario.StartAsync(_app);
        var created = (await s.Operator.PostAsync("/v1/staff", new { email = "sam@support.example", displayName = "Sam Engineer", roles = new[] { "supportEngineer" }, password = TestApp.Password }))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal(["supportEngineer"], created.Json!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(created.Json["organizationId"]);

        var sam = await _app.SignInAsync("sam@support.example");
        var me = (await sam.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Contains("supportEngineer", me.Json!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        var staff = (await sam.GetAsync("/v1/staff")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Contains(staff, u => u!.Str("email") == "sam@support.example");
        Assert.Contains(staff, u => u!.Str("email") == TestApp.OperatorEmail);

        // No back office for a support engineer.
        (await sam.GetAsync("/v1/audit")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await sam.PostAsync("/v1/staff", new { email = "x@support.example", displayName = "X", roles = new[] { "operator" }, password = TestApp.Password }))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
    }

    [SkippableFact]
    public async Task Without_a_password_a_staff_account_is_refused_and_the_refusal_points_to_the_invitation()
    {
        var s = await Scenario.StartAsync(_app);
        var refused = (await s.Operator.PostAsync("/v1/staff", new { email = "ivy@support.example", displayName = "Ivy", roles = new[] { "supportEngineer" } }))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Contains("/v1/staff/invitations", refused.Json!["errors"]!["password"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        (await s.Operator.PostAsync("/v1/staff", new { email = "ivy@support.example", displayName = "Ivy", roles = new[] { "globalAdmin" }, password = TestApp.Password }))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await s.Operator.PostAsync("/v1/staff/invitations", new { email = "ivy@support.example", displayName = "Ivy", roles = new[] { "globalAdmin" } }))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await s.Operator.PostAsync("/v1/staff/invitations", new { email = "ivy@support.example", displayName = "Ivy", roles = new[] { "supportEngineer" } }))
            .AssertStatus(HttpStatusCode.Created);
        var staff = (await s.Operator.GetAsync("/v1/staff")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.DoesNotContain(staff, u => u!.Str("email") == "ivy@support.example");
    }

    [SkippableFact]
    public async Task Partners_may_neither_list_nor_add_staff()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Fabrikam");
        var admin = await s.UserAsync(org, "admin@fabrikam.example", "globalAdmin");
        (await admin.GetAsync("/v1/staff")).AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
        (await admin.PostAsync("/v1/staff", new { email = "y@support.example", displayName = "Y", roles = new[] { "supportEngineer" }, password = TestApp.Password }))
            .AssertProblem(HttpStatusCode.Forbidden, "not-authorized");
    }

    [SkippableFact]
    public async Task Psctl_staff_add_creates_a_support_engineer_who_can_sign_in()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        _ = _app.Server;
        string[] args = ["staff", "add", "--email", "cli@support.example", "--display-name", "Cli Engineer", "--role", "supportEngineer",
            "--password", TestApp.Password, "--provider", _db.Provider.ToString(), "--connection", _db.ConnectionString];
        var exit = await CliApp.Build(_app.Time).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        Assert.Contains("cli@support.example", output.ToString(), StringComparison.Ordinal);
        var engineer = await _app.SignInAsync("cli@support.example");
        (await engineer.GetAsync("/v1/queue")).AssertStatus(HttpStatusCode.OK);

        using var output2 = new StringWriter();
        using var error2 = new StringWriter();
        string[] bad = ["staff", "add", "--email", "bad@support.example", "--display-name", "Bad", "--role", "globalAdmin",
            "--password", TestApp.Password, "--provider", _db.Provider.ToString(), "--connection", _db.ConnectionString];
        Assert.Equal(2, await CliApp.Build(_app.Time).Parse(bad).InvokeAsync(new InvocationConfiguration { Output = output2, Error = error2, ProcessTerminationTimeout = null }));
        Assert.Contains("roles", error2.ToString(), StringComparison.Ordinal);
    }
}
