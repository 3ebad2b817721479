using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Notifications;

/// <summary>
/// Password reset: the answer never tells whether an account exists, the mailed token (read from
/// the mail a real SMTP server received) works once and not after its hour, and using it ends
/// every session. The timing of the answer is not measured here: the use case does the same work
/// either way by construction (a token minted and hashed, one audit write), and a wall-clock
/// check on a machine shared by parallel builds would fail for reasons of its own.
/// </summary>
public sealed partial class PasswordResetTests : EmailTest
{
    private const string NewPassword = "Reset-Passw0rd-7";

    [GeneratedRegex(@"https://support\.example\.com/account/reset-password\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex ResetLink();

    private async Task<string> TokenFromMailAsync(string to)
    {
        var mail = Assert.Single(await NewMailAsync());
        Assert.Equal(to, mail.To);
        var match = ResetLink().Match(mail.Text);
        Assert.True(match.Success, mail.Text);
        return match.Groups[1].Value;
    }

    [SkippableFact]
    public async Task An_unknown_or_disabled_e_mail_gets_exactly_the_answer_a_known_one_gets_and_no_mail()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum");
        await s.AccountAsync(org, "known@adatum.example", "Known", "globalAdmin");
        await s.AccountAsync(org, "gone@adatum.example", "Gone");
        var goneId = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == "gone@adatum.example").Select(u => u.Id).SingleAsync());
        (await s.Operator.PatchAsync($"/v1/organizations/{org}/users/{goneId}", new { disabled = true })).AssertStatus(HttpStatusCode.OK);
        var anonymous = _app.Anonymous();

        var known = await anonymous.PostAsync("/v1/account/password-reset", new { email = "known@adatum.example" });
        var unknown = await anonymous.PostAsync("/v1/account/password-reset", new { email = "nobody@adatum.example" });
        var disabled = await anonymous.PostAsync("/v1/account/password-reset", new { email = "gone@adatum.example" });

        foreach (var answer in new[] { known, unknown, disabled })
        {
            answer.AssertStatus(HttpStatusCode.Accepted);
            Assert.Equal(known.Text, answer.Text);
            Assert.Equal(known.MediaType, answer.MediaType);
        }
        var mail = Assert.Single(await NewMailAsync());
        Assert.Equal("known@adatum.example", mail.To);
        Assert.Equal(3, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "password-reset.request")));
    }

    [SkippableFact]
    public async Task A_reset_token_works_once_even_with_notifications_off_and_ends_every_session()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum");
        var user = await s.UserAsync(org, "forgetful@adatum.example", "adminAgent");
        (await user.PatchAsync("/v1/me", new { language = "es-ES", notifications = new { email = false } })).AssertStatus(HttpStatusCode.OK);

        (await _app.Anonymous().PostAsync("/v1/account/password-reset", new { email = "Forgetful@Adatum.example" })).AssertStatus(HttpStatusCode.Accepted);
        var mail = Assert.Single(await NewMailAsync());
        Assert.Equal("Restablezca su contraseña de Partner Support", mail.Subject);
        var token = ResetLink().Match(mail.Text).Groups[1].Value;

        var anonymous = _app.Anonymous();
        (await anonymous.PostAsync("/v1/account/password-reset/confirm", new { token, newPassword = "weak" }))
            .AssertProblem(HttpStatusCode.BadRequest, "validation-failed");
        (await anonymous.PostAsync("/v1/account/password-reset/confirm", new { token, newPassword = NewPassword })).AssertStatus(HttpStatusCode.NoContent);
        (await anonymous.PostAsync("/v1/account/password-reset/confirm", new { token, newPassword = "Another-Passw0rd-8" }))
            .AssertProblem(HttpStatusCode.BadRequest, "reset-token-invalid");

        // The session from before the reset is over; the old password is refused and the new one signs in.
        (await user.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync("/v1/token", new { email = "forgetful@adatum.example", password = TestApp.Password }))
            .AssertProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        var again = await _app.SignInAsync("forgetful@adatum.example", NewPassword);
        (await again.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);

        var stored = await _app.WithDbAsync(async db => new
        {
            Tokens = await db.PasswordResetTokens.ToListAsync(),
            Audit = await db.AuditEntries.Where(e => e.Action.StartsWith("password-reset.")).ToListAsync(),
            Mail = await db.EmailMessages.SingleAsync(m => m.EventType == "account.passwordReset"),
        });
        Assert.NotEqual(token, Assert.Single(stored.Tokens).TokenHash);
        Assert.NotNull(stored.Tokens[0].UsedAt);
        Assert.Equal("", stored.Mail.TextBody);
        Assert.All(stored.Audit, e => Assert.DoesNotContain(token, e.Target + e.Details, StringComparison.Ordinal));
        Assert.Contains(stored.Audit, e => e.Action == "password-reset.confirm");
    }

    [SkippableFact]
    public async Task An_expired_or_wrong_token_is_refused_and_changes_nothing()
    {
        var s = await Scenario.StartAsync(_app);
        var org = await s.OrganizationAsync("Adatum");
        await s.AccountAsync(org, "slow@adatum.example", "Slow");
        (await _app.Anonymous().PostAsync("/v1/account/password-reset", new { email = "slow@adatum.example" })).AssertStatus(HttpStatusCode.Accepted);
        var token = await TokenFromMailAsync("slow@adatum.example");
        _app.Time.Advance(TimeSpan.FromHours(1));

        var anonymous = _app.Anonymous();
        var expired = (await anonymous.PostAsync("/v1/account/password-reset/confirm", new { token, newPassword = NewPassword }))
            .AssertProblem(HttpStatusCode.BadRequest, "reset-token-invalid");
        var wrong = (await anonymous.PostAsync("/v1/account/password-reset/confirm", new { token = token[..^2] + "zz", newPassword = NewPassword }))
            .AssertProblem(HttpStatusCode.BadRequest, "reset-token-invalid");
        Assert.Equal(expired.Detail(), wrong.Detail());
        (await _app.SignInAsync("slow@adatum.example")).Http.Dispose();
    }

    [SkippableFact]
    public async Task Reset_requests_are_rate_limited_per_client_address()
    {
        await RestartAsync(new Dictionary<string, string?> { ["RateLimits:SignInPerAddress"] = "3" });
        var anonymous = _app.Anonymous();
        for (var i = 0; i < 3; i++)
            (await anonymous.PostAsync("/v1/account/password-reset", new { email = $"someone{i}@adatum.example" })).AssertStatus(HttpStatusCode.Accepted);
        var refused = (await anonymous.PostAsync("/v1/account/password-reset", new { email = "someone@adatum.example" }))
            .AssertProblem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.NotNull(refused.Headers.RetryAfter);
    }
}
