using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>TOTP (RFC 6238) as a second factor for POST /v1/token, recovery codes good once, and Auth:RequireMfa.</summary>
public sealed class SecondFactorTests : AppTest
{
    [SkippableFact]
    public void The_codes_are_those_of_RFC_6238s_SHA1_test_vectors()
    {
        var secret = "12345678901234567890"u8.ToArray();
        // RFC 6238 appendix B, the last six of the eight digits.
        Assert.Equal("287082", Totp.Code(secret, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(59))));
        Assert.Equal("081804", Totp.Code(secret, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(1111111109))));
        Assert.Equal("050471", Totp.Code(secret, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(1111111111))));
        Assert.Equal("005924", Totp.Code(secret, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(1234567890))));
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.Base32(secret));
    }

    [SkippableFact]
    public async Task Once_confirmed_the_token_needs_a_current_code_each_code_works_once_and_each_recovery_code_once()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Contoso");
        var user = await s.UserAsync(org, "kim@contoso.example", "globalAdmin");

        var enrolment = (await user.PostAsync("/v1/account/mfa/totp")).AssertStatus(HttpStatusCode.OK);
        var secret = Authenticator.FromBase32(enrolment.Str("secret"));
        Assert.StartsWith("otpauth://totp/PartnerSupport:kim%40contoso.example?secret=" + enrolment.Str("secret"), enrolment.Str("otpauthUri"));
        // Not confirmed yet: the password alone still signs in.
        await _app.SignInAsync("kim@contoso.example");
        (await user.PostAsync("/v1/account/mfa/totp/confirm", new { code = WrongCode(secret) })).AssertProblem(HttpStatusCode.BadRequest, "validation-failed");

        var confirmed = (await user.PostAsync("/v1/account/mfa/totp/confirm", new { code = Totp.Code(secret, Totp.StepAt(_app.Time.GetUtcNow())) })).AssertStatus(HttpStatusCode.OK);
        var recovery = confirmed.Json!["recoveryCodes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(10, recovery.Distinct().Count());
        var stored = await _app.WithDbAsync(db => db.RecoveryCodes.Select(c => c.Hash).ToListAsync());
        Assert.Equal(10, stored.Count);
        Assert.DoesNotContain(stored, h => recovery.Contains(h));
        var protectedSecret = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == "kim@contoso.example").Select(u => u.TotpSecret).SingleAsync());
        Assert.DoesNotContain(enrolment.Str("secret"), protectedSecret!, StringComparison.Ordinal);

        var anonymous = _app.Anonymous();
        (await anonymous.PostAsync("/v1/token", new { email = "kim@contoso.example", password = TestApp.Password })).AssertProblem(HttpStatusCode.Unauthorized, "mfa-required");
        (await anonymous.PostAsync("/v1/token", new { email = "kim@contoso.example", password = TestApp.Password, otp = WrongCode(secret) }))
            .AssertProblem(HttpStatusCode.Unauthorized, "mfa-required");
        // A right code with a wrong password is still a wrong password.
        (await anonymous.PostAsync("/v1/token", new { email = "kim@contoso.example", password = "Wrong-Passw0rd-1", otp = Totp.Code(secret, Totp.StepAt(_app.Time.GetUtcNow())) }))
            .AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");

        _app.Time.Advance(TimeSpan.FromSeconds(30));
        var code = Totp.Code(secret, Totp.StepAt(_app.Time.GetUtcNow()));
        var token = (await anonymous.PostAsync("/v1/token", new { email = "kim@contoso.example", password = TestApp.Password, otp = code })).AssertStatus(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(token.Str("accessToken")));
        // The same code a second time (seen over a shoulder) is spent.
        (await anonymous.PostAsync("/v1/token", new { email = "kim@contoso.example", password = TestApp.Password, otp = code })).AssertProblem(HttpStatusCode.Unauthorized, "mfa-required");

        var spare = recovery[3];
        (await anonymous.PostAsync("/v1/token", new { email = "kim@contoso.example", password = TestApp.Password, otp = spare.ToUpperInvariant() })).AssertStatus(HttpStatusCode.OK);
        (await anonymous.PostAsync("/v1/token", new { email = "kim@contoso.example", password = TestApp.Password, otp = spare })).AssertProblem(HttpStatusCode.Unauthorized, "mfa-required");
        (await anonymous.PostAsync("/v1/token", new { email = "kim@contoso.example", password = TestApp.Password, otp = recovery[4] })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(2, await _app.WithDbAsync(db => db.RecoveryCodes.CountAsync(c => c.UsedAt != null)));
        (await user.PostAsync("/v1/account/mfa/totp")).AssertProblem(HttpStatusCode.Conflict, "mfa-already-enabled");
    }

    [SkippableFact]
    public async Task With_RequireMfa_all_an_account_without_a_second_factor_may_only_enrol_until_it_has_one()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum");
        await s.UserAsync(org, "lee@adatum.example", "globalAdmin");
        var staffOnly = await RestartAsync(new Dictionary<string, string?> { ["Auth:RequireMfa"] = "staff" });
        (await (await staffOnly.SignInAsync("lee@adatum.example")).GetAsync($"/v1/organizations/{org}/users")).AssertStatus(HttpStatusCode.OK);
        (await (await staffOnly.OperatorAsync()).GetAsync("/v1/activations?status=pending")).AssertProblem(HttpStatusCode.Forbidden, "mfa-enrolment-required");

        var app = await RestartAsync(new Dictionary<string, string?> { ["Auth:RequireMfa"] = "all" });
        var user = await app.SignInAsync("lee@adatum.example");

        (await user.GetAsync("/v1/benefits")).AssertProblem(HttpStatusCode.Forbidden, "mfa-enrolment-required");
        (await user.GetAsync($"/v1/organizations/{org}/users")).AssertProblem(HttpStatusCode.Forbidden, "mfa-enrolment-required");
        (await user.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);

        var secret = Authenticator.FromBase32((await user.PostAsync("/v1/account/mfa/totp")).AssertStatus(HttpStatusCode.OK).Str("secret"));
        (await user.PostAsync("/v1/account/mfa/totp/confirm", new { code = Totp.Code(secret, Totp.StepAt(app.Time.GetUtcNow())) })).AssertStatus(HttpStatusCode.OK);
        await Operations.Eventually.UntilAsync(async () => (await user.GetAsync($"/v1/organizations/{org}/users")).Status == HttpStatusCode.OK,
            "the enrolled account is let through", seconds: 10);
    }

    [SkippableFact]
    public async Task With_RequireMfa_the_portal_sends_an_account_without_a_second_factor_to_its_security_page_until_it_enrols_there()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum");
        await s.UserAsync(org, "lee@adatum.example", "globalAdmin");
        var app = await RestartAsync(new Dictionary<string, string?> { ["Auth:RequireMfa"] = "all" });
        var portal = await PortalSession.SignedInAsync(app, "lee@adatum.example");

        foreach (var path in new[] { "/", "/requests", $"/organization/users?organizationId={org}", "/webhooks" })
        {
            var page = await portal.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.Redirect && page.Location == "/account/security", $"{path}: {page}");
        }
        var refused = await portal.PostFormAsync("/profile", [new("Input.DisplayName", "Lee"), new("Input.Language", "en-US")]);
        Assert.True(refused.Status == HttpStatusCode.Redirect && refused.Location == "/account/security", $"POST /profile: {refused}");
        var security = await portal.GetAsync("/account/security");
        Assert.Equal(HttpStatusCode.OK, security.Status);
        Assert.Contains("id=\"mfa-required\"", security.Html, StringComparison.Ordinal);
        // The menu offers nothing the account may not open yet.
        Assert.DoesNotContain("href=\"/requests\"", security.Html, StringComparison.Ordinal);

        var started = await portal.PostFormAsync("/account/security?handler=Start", []);
        Assert.Equal(HttpStatusCode.OK, started.Status);
        var secret = System.Text.RegularExpressions.Regex.Match(started.Html, "id=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        Assert.Contains("<svg", started.Html, StringComparison.Ordinal);
        var confirmed = await portal.PostFormAsync("/account/security?handler=Confirm", [new("Code", Totp.Code(Authenticator.FromBase32(secret), Totp.StepAt(app.Time.GetUtcNow())))]);
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        Assert.Contains("id=\"recovery-codes\"", confirmed.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/requests")).Status);
    }

    private string WrongCode(byte[] secret)
    {
        // Six digits that are none of the codes the server accepts now (the step before, now, after).
        var step = Totp.StepAt(_app.Time.GetUtcNow());
        var accepted = new[] { step - 1, step, step + 1 }.Select(t => Totp.Code(secret, t)).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(c => !accepted.Contains(c));
    }
}
