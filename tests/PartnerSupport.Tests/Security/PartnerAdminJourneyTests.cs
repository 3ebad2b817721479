using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Notifications;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// A partner's global admin runs her organization's accounts with no operator involved: she
/// invites two colleagues by e-mail (through a real SMTP server), one accepts by signing in with
/// the company's identity provider (a real OpenID provider) and one with a password and a second
/// factor, she disables the one who left, and the organization's ticketing system works through
/// an API key.
/// </summary>
public sealed partial class PartnerAdminJourneyTests : IAsyncLifetime
{
    private const string AdminPassword = "Alex-Admin-Passw0rd";
    private const string RiaPassword = "Ria-Engineer-Passw0rd";

    private OidcProvider _provider = null!;
    private SmtpSink _sink = null!;
    private TestDatabase _db = null!;
    private TestApp _app = null!;
    private Uri _base = null!;

    [GeneratedRegex(@"https://support\.example\.com/account/invitation\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex InvitationLink();

    public async Task InitializeAsync()
    {
        _provider = await OidcProvider.StartAsync();
        _sink = await SmtpSink.StartAsync();
        _db = await TestDatabase.CreateAsync();
        var settings = _provider.Settings();
        foreach (var (key, value) in _sink.Settings())
            settings[key] = value;
        _app = new TestApp(_db, settings: settings);
        _app.UseKestrel(0);
        _app.StartServer();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _base = new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        await _provider.RegisterClientAsync(_base);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
        await _sink.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private ApiClient Anonymous() => new(new HttpClient { BaseAddress = _base });

    private ApiClient WithToken(string token)
    {
        var client = Anonymous();
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<ApiClient> SignInAsync(string email, string password)
    {
        var client = Anonymous();
        await client.SignInAsync(email, password);
        return client;
    }

    /// <summary>The invitation link's token from the one mail that reached <paramref name="to"/>.</summary>
    private async Task<string> InvitationTokenAsync(string to)
    {
        ReceivedMail? mail = null;
        await Eventually.UntilAsync(() => Task.FromResult((mail = _sink.All().LastOrDefault(m => m.To == to)) is not null), $"the invitation mail to {to}");
        var match = InvitationLink().Match(mail!.Text);
        Assert.True(match.Success, mail.Text);
        return match.Groups[1].Value;
    }

    [SkippableFact]
    public async Task A_global_admin_invites_two_colleagues_one_joins_by_single_sign_on_one_by_password_and_second_factor_she_removes_one_and_an_api_key_works()
    {
        // The operator's part ends with the organization, its membership and its first admin's invitation.
        var op = await SignInAsync(TestApp.OperatorEmail, TestApp.Password);
        var s = new Scenario(op, e => SignInAsync(e, TestApp.Password), _app.Today);
        var org = await s.OrganizationAsync("Contoso");
        await s.MembershipAsync(org, "gold", "Data Analytics");
        var product = await s.ProductAsync("SQL Server", "2022");
        (await op.PostAsync($"/v1/organizations/{org}/invitations", new { email = "alex@contoso.example", roles = new[] { "globalAdmin" }, displayName = "Alex Admin" }))
            .AssertStatus(HttpStatusCode.Created);
        (await Anonymous().PostAsync("/v1/invitations/accept", new { token = await InvitationTokenAsync("alex@contoso.example"), password = AdminPassword }))
            .AssertStatus(HttpStatusCode.OK);
        var alex = await SignInAsync("alex@contoso.example", AdminPassword);
        var contract = await s.ActivateAsync(alex);
        (await alex.LinkAsync(contract)).AssertStatus(HttpStatusCode.Created);

        // She invites two colleagues.
        (await alex.PostAsync($"/v1/organizations/{org}/invitations", new { email = "sam@contoso.example", roles = Array.Empty<string>() }))
            .AssertStatus(HttpStatusCode.Created);
        (await alex.PostAsync($"/v1/organizations/{org}/invitations", new { email = "ria@contoso.example", roles = new[] { "adminAgent" }, displayName = "Ria Engineer" }))
            .AssertStatus(HttpStatusCode.Created);
        var samToken = await InvitationTokenAsync("sam@contoso.example");
        var riaToken = await InvitationTokenAsync("ria@contoso.example");

        // Sam follows the link and signs in with Contoso ID; the provider gives his name, he types no password.
        _provider.Person = new ProviderPerson("contoso-id-sam", "Sam@Contoso.example", EmailVerified: true, Name: "Sam Contoso");
        var sam = new Browser(_base);
        var invitationPage = await sam.GetAsync("/account/invitation?token=" + samToken);
        Assert.Contains(">Create my account by signing in with Contoso ID</button>", invitationPage.Text, StringComparison.Ordinal);
        var landed = await sam.PostFormAsync("/account/invitation?handler=Provider", invitationPage.Text, new() { ["Token"] = samToken });
        Assert.Equal(new Uri(_base, "/"), landed.Url);
        Assert.Contains(sam.Visited, u => u.Port == _provider.Authority.Port && u.AbsolutePath == "/connect/authorize");
        Assert.DoesNotContain(sam.Visited, u => u.Query.Contains(samToken, StringComparison.Ordinal) && u.Port == _provider.Authority.Port);
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync("/profile")).Status);
        var samAccount = await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == "sam@contoso.example");
            var login = await db.UserLogins.AsNoTracking().SingleAsync(l => l.UserId == user.Id);
            return (user, login);
        });
        Assert.Equal("Sam Contoso", samAccount.user.DisplayName);
        Assert.Null(samAccount.user.PasswordHash);
        Assert.Equal(org, samAccount.user.OrganizationId.ToString());
        Assert.Equal("contoso-id-sam", samAccount.login.ProviderKey);
        // The link worked once: the password way is closed too, and the next day he signs in through the provider alone.
        (await Anonymous().PostAsync("/v1/invitations/accept", new { token = samToken, password = "Another-Passw0rd-9" }))
            .AssertProblem(HttpStatusCode.BadRequest, "invitation-invalid");
        var samAgain = new Browser(_base);
        Assert.Equal(new Uri(_base, "/"), (await samAgain.SignInWithProviderAsync()).Url);

        // Ria chooses a password, then a second factor; from then on the token needs its code.
        (await Anonymous().PostAsync("/v1/invitations/accept", new { token = riaToken, password = RiaPassword })).AssertStatus(HttpStatusCode.OK);
        var ria = await SignInAsync("ria@contoso.example", RiaPassword);
        var secret = (await ria.PostAsync("/v1/account/mfa/totp")).AssertStatus(HttpStatusCode.OK).Str("secret");
        (await ria.PostAsync("/v1/account/mfa/totp/confirm", new { code = Authenticator.CodeAt(secret, _app.Time.GetUtcNow()) })).AssertStatus(HttpStatusCode.OK);
        _app.Time.Advance(TimeSpan.FromSeconds(30));
        (await Anonymous().PostAsync("/v1/token", new { email = "ria@contoso.example", password = RiaPassword })).AssertProblem(HttpStatusCode.Unauthorized, "mfa-required");
        var riaToken2 = (await Anonymous().PostAsync("/v1/token", new { email = "ria@contoso.example", password = RiaPassword, otp = Authenticator.CodeAt(secret, _app.Time.GetUtcNow()) }))
            .AssertStatus(HttpStatusCode.OK).Str("accessToken");
        var riaWithCode = WithToken(riaToken2);
        Assert.Equal("Ria Engineer", (await riaWithCode.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK).Str("displayName"));

        // Sam leaves: she disables him, and his open session ends at once.
        var people = (await alex.GetAsync($"/v1/organizations/{org}/users")).AssertStatus(HttpStatusCode.OK).Items();
        Assert.Equal(["alex@contoso.example", "ria@contoso.example", "sam@contoso.example"], people.Select(p => p!.Str("email")).Order());
        var samId = people.Single(p => p!.Str("email") == "sam@contoso.example")!.Str("id");
        (await alex.PatchAsync($"/v1/organizations/{org}/users/{samId}", new { disabled = true })).AssertStatus(HttpStatusCode.OK);
        var after = await sam.GetAsync("/profile", follow: false);
        Assert.True(after.Status == HttpStatusCode.Redirect && after.Location!.Contains("/account/signin", StringComparison.Ordinal), $"Sam's session must end: {after}");
        Assert.Contains("is disabled", (await new Browser(_base).SignInWithProviderAsync()).Decoded, StringComparison.Ordinal);

        // The ticketing system: a key she creates, which links the contract and opens a request on it.
        var key = (await alex.PostAsync($"/v1/organizations/{org}/apikeys", new { name = "Ticketing", roles = Array.Empty<string>() }))
            .AssertStatus(HttpStatusCode.Created).Str("key");
        var ticketing = WithToken(key);
        (await ticketing.LinkAsync(contract)).AssertStatus(HttpStatusCode.Created);
        var opened = (await ticketing.PostAsync("/v1/servicerequests/en-US", Scenario.Request(product, contract.SupportContractId, "Replication stopped")))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal("Replication stopped", (await alex.GetAsync($"/v1/servicerequests/{opened.Id}")).AssertStatus(HttpStatusCode.OK).Str("title"));

        // Every step is in the trail, under the person or the key that took it, and no operator after the first invitation.
        var trail = await _app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new { e.Action, e.Actor, e.Details }).ToListAsync());
        var sinceAlex = trail.SkipWhile(e => e.Action != "invitation.accept").ToList();
        Assert.DoesNotContain(sinceAlex, e => e.Actor == TestApp.OperatorEmail);
        Assert.Contains(sinceAlex, e => e.Action == "invitation.accept" && e.Actor == "sam@contoso.example" && e.Details!.EndsWith("by single sign-on with Contoso ID", StringComparison.Ordinal));
        Assert.Contains(sinceAlex, e => e.Action == "invitation.accept" && e.Actor == "ria@contoso.example" && !e.Details!.Contains("single sign-on", StringComparison.Ordinal));
        Assert.Contains(sinceAlex, e => e.Actor!.StartsWith("API key Ticketing", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task An_invitation_is_not_accepted_by_single_sign_on_for_another_address_nor_for_one_the_provider_has_not_verified()
    {
        var op = await SignInAsync(TestApp.OperatorEmail, TestApp.Password);
        var org = await new Scenario(op, e => SignInAsync(e, TestApp.Password), _app.Today).OrganizationAsync("Contoso");
        (await op.PostAsync($"/v1/organizations/{org}/invitations", new { email = "kai@contoso.example", roles = new[] { "globalAdmin" }, displayName = "Kai" }))
            .AssertStatus(HttpStatusCode.Created);
        var token = await InvitationTokenAsync("kai@contoso.example");
        var users = await _app.WithDbAsync(db => db.Users.CountAsync());

        // Someone else who got hold of the link signs in with their own provider account.
        _provider.Person = new ProviderPerson("contoso-id-eve", "eve@contoso.example", EmailVerified: true);
        var eve = new Browser(_base);
        var page = await eve.GetAsync("/account/invitation?token=" + token);
        var refused = await eve.PostFormAsync("/account/invitation?handler=Provider", page.Text, new() { ["Token"] = token });
        Assert.Equal(new Uri(_base, "/account/invitation?handler=Provider"), refused.Url);
        Assert.Contains("class=\"alert error\"", refused.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await eve.GetAsync("/profile", follow: false)).Status);

        // Kai's address, but the provider has not verified it.
        _provider.Person = new ProviderPerson("contoso-id-kai", "kai@contoso.example", EmailVerified: false);
        var unverified = new Browser(_base, "es-ES");
        page = await unverified.GetAsync("/account/invitation?token=" + token);
        Assert.Contains("Crear mi cuenta iniciando sesión con Contoso ID", WebUtility.HtmlDecode(page.Text), StringComparison.Ordinal);
        refused = await unverified.PostFormAsync("/account/invitation?handler=Provider", page.Text, new() { ["Token"] = token });
        Assert.Contains("Contoso ID", refused.Decoded, StringComparison.Ordinal);
        Assert.Contains("class=\"alert error\"", refused.Text, StringComparison.Ordinal);

        Assert.Equal(users, await _app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.UserLogins.CountAsync()));
        // The invitation is still good for Kai.
        _provider.Person = new ProviderPerson("contoso-id-kai", "kai@contoso.example", EmailVerified: true);
        var kai = new Browser(_base);
        page = await kai.GetAsync("/account/invitation?token=" + token);
        Assert.Equal(new Uri(_base, "/"), (await kai.PostFormAsync("/account/invitation?handler=Provider", page.Text, new() { ["Token"] = token })).Url);
    }
}
