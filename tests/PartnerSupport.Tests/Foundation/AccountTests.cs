using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Foundation;

/// <summary>Signing in, lockout, who-am-I, the bootstrap operator and account creation rules.</summary>
public sealed class AccountTests : AppTest
{
    [SkippableFact]
    public async Task Five_wrong_passwords_lock_the_account_so_even_the_right_password_is_refused()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        await s.UserAsync(org, "dana@fabrikam.example", "globalAdmin");
        await s.UserAsync(org, "lee@fabrikam.example");
        var anonymous = _app.Anonymous();

        // Four failures, then the right password: it works and the count starts again.
        for (var i = 0; i < 4; i++)
            (await SignInAsync(anonymous, "dana@fabrikam.example", "Wrong-Passw0rd-" + i)).AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        (await SignInAsync(anonymous, "dana@fabrikam.example", TestApp.Password)).AssertStatus(HttpStatusCode.OK);
        for (var i = 0; i < 4; i++)
            (await SignInAsync(anonymous, "dana@fabrikam.example", "Wrong-Passw0rd-" + i)).AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        (await SignInAsync(anonymous, "dana@fabrikam.example", TestApp.Password)).AssertStatus(HttpStatusCode.OK);

        // Five in a row lock it.
        for (var i = 0; i < 5; i++)
            (await SignInAsync(anonymous, "dana@fabrikam.example", "Wrong-Passw0rd-" + i)).AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        var locked = (await SignInAsync(anonymous, "dana@fabrikam.example", TestApp.Password)).AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Null(locked.Json!["accessToken"]);
        var wrong = (await SignInAsync(anonymous, "nobody@fabrikam.example", TestApp.Password)).AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Equal(wrong.Str("detail"), locked.Str("detail"));

        // The lock is on that account only.
        (await SignInAsync(anonymous, "lee@fabrikam.example", TestApp.Password)).AssertStatus(HttpStatusCode.OK);

        // Identity's lockout reads the system clock, not the injected TimeProvider (its
        // UserManager has no TimeProvider in .NET 10), so the test cannot move time past the
        // 15 minutes; it moves the lock's end instead, to show the lock is temporary.
        var lockoutEnd = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == "dana@fabrikam.example").Select(u => u.LockoutEnd).SingleAsync());
        Assert.NotNull(lockoutEnd);
        Assert.InRange(lockoutEnd.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(16));
        await _app.WithDbAsync(db => db.Users.Where(u => u.Email == "dana@fabrikam.example")
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddSeconds(-1))));
        (await SignInAsync(anonymous, "dana@fabrikam.example", TestApp.Password)).AssertStatus(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Me_describes_the_signed_in_account()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var created = (await s.Operator.PostAsync($"/v1/organizations/{org}/users", new
        {
            email = "Dana.Admin@Fabrikam.example",
            displayName = "Dana Admin",
            accountType = "work",
            roles = new[] { "globalAdmin", "adminAgent" },
            password = TestApp.Password,
        })).AssertStatus(HttpStatusCode.Created);
        var dana = await _app.SignInAsync("dana.admin@fabrikam.example");

        var me = (await dana.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(created.Id, me.Id);
        Assert.Equal("Dana.Admin@Fabrikam.example", me.Str("email"));
        Assert.Equal("Dana Admin", me.Str("displayName"));
        Assert.Equal("work", me.Str("accountType"));
        Assert.Equal(org, me.Str("organizationId"));
        Assert.Equal(["adminAgent", "globalAdmin"], me.Items("roles").Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal));

        await s.UserAsync(null, "alex@personal.example");
        var alex = await _app.SignInAsync("alex@personal.example");
        var personal = (await alex.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("alex@personal.example", personal.Str("email"));
        Assert.Equal("personal", personal.Str("accountType"));
        Assert.True(personal.Json!.AsObject().ContainsKey("organizationId"), "organizationId is present, as null");
        Assert.Null(personal.Json["organizationId"]);
        Assert.Empty(personal.Items("roles"));
        Assert.NotEqual(me.Id, personal.Id);
    }

    [SkippableFact]
    public async Task The_bootstrap_operator_exists_once_and_can_use_the_back_office()
    {
        var op = await _app.OperatorAsync();
        var me = (await op.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(TestApp.OperatorEmail, me.Str("email"));
        Assert.Equal(["operator"], me.Items("roles").Select(r => r!.GetValue<string>()));
        Assert.Null(me.Json!["organizationId"]);
        (await op.PostAsync("/v1/organizations", new { name = "Northwind", partnerId = "6000001", programs = new[] { "mpn" }, countryCode = "US" }))
            .AssertStatus(HttpStatusCode.Created);

        // A restart with the same settings finds the operator and creates no second one.
        await RestartAsync();
        var again = await _app.OperatorAsync();
        Assert.Equal(me.Id, (await again.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK).Id);
        Assert.Equal(1, await _app.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == TestApp.OperatorEmail.ToUpperInvariant())));
    }

    [SkippableFact]
    public async Task A_token_expires_by_the_service_clock()
    {
        var op = await _app.OperatorAsync();
        (await op.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        _app.Time.Advance(TimeSpan.FromMinutes(59));
        (await op.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        _app.Time.Advance(TimeSpan.FromMinutes(2));
        (await op.GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [SkippableTheory]
    [InlineData("dana@fabrikam.example")]
    [InlineData("DANA@Fabrikam.Example")]
    [InlineData(TestApp.OperatorEmail)]
    public async Task An_email_that_already_has_an_account_is_taken(string email)
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var other = await s.OrganizationAsync("Contoso");
        await s.UserAsync(org, "dana@fabrikam.example");
        var users = await _app.WithDbAsync(db => db.Users.CountAsync());

        var body = new { email, displayName = "Dana Again", accountType = "work", roles = Array.Empty<string>(), password = TestApp.Password };
        (await s.Operator.PostAsync($"/v1/organizations/{other}/users", body)).AssertProblem(HttpStatusCode.Conflict, "email-taken");
        (await s.Operator.PostAsync("/v1/users", body with { accountType = "personal" })).AssertProblem(HttpStatusCode.Conflict, "email-taken");
        Assert.Equal(users, await _app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [SkippableTheory]
    [InlineData("Sh0rt-pw")]
    [InlineData("alllowercase-1234")]
    [InlineData("ALLUPPERCASE-1234")]
    [InlineData("No-Digits-Here-At-All")]
    [InlineData("0123456789")]
    public async Task A_weak_password_is_refused_with_the_reason(string password)
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync();
        var users = await _app.WithDbAsync(db => db.Users.CountAsync());

        foreach (var (path, accountType) in new[] { ($"/v1/organizations/{org}/users", "work"), ("/v1/users", "personal") })
        {
            var response = (await s.Operator.PostAsync(path, new { email = "weak@fabrikam.example", displayName = "Weak", accountType, roles = Array.Empty<string>(), password }))
                .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
            var reasons = response.Json!["errors"]!["password"]!.AsArray();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r!.GetValue<string>())));
        }
        Assert.Equal(users, await _app.WithDbAsync(db => db.Users.CountAsync()));
        (await SignInAsync(_app.Anonymous(), "weak@fabrikam.example", password)).AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    private static Task<ApiResponse> SignInAsync(ApiClient client, string email, string password) =>
        client.PostAsync("/v1/token", new { email, password });
}
