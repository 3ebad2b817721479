using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using PartnerSupport.Tests.Notifications;
using PartnerSupport.Tests.Operations;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests;

/// <summary>An application of its own whose mail goes to a real SMTP server, so that the tests follow the links people receive.</summary>
public sealed class MailedApp : IAsyncLifetime
{
    private PortalApp? _app;
    private SmtpSink? _sink;

    public PortalApp App => _app ?? throw new InvalidOperationException("The application is not started.");
    public SmtpSink Sink => _sink ?? throw new InvalidOperationException("The SMTP server is not started.");

    public async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync();
        _app = await PortalApp.StartAsync(_sink.Settings());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        if (_sink is not null)
            await _sink.DisposeAsync();
    }

    /// <summary>The path and query of the portal link in the newest mail to <paramref name="to"/> (the mail's host is the configured portal URL).</summary>
    public async Task<string> LinkInMailAsync(string to, string page)
    {
        ReceivedMail? mail = null;
        await Eventually.UntilAsync(() => (mail = Sink.All().LastOrDefault(m => m.To == to)) is not null, $"a mail to {to}");
        var match = Regex.Match(mail!.Text, $@"https://support\.example\.com({Regex.Escape(page)}\?token=[A-Za-z0-9_-]+)");
        Assert.True(match.Success, mail.Text);
        return match.Groups[1].Value;
    }
}

/// <summary>
/// Following the mail in a browser: an invitee accepts an invitation from its link and signs in
/// with the password chosen; a person who forgot the password asks for a link on the sign-in
/// page, sets a new password with it and signs in.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AccountInvitationTests(PortalFixture portal, MailedApp mailed) : IClassFixture<MailedApp>
{
    private const string ChosenPassword = "Chosen-Passw0rd-5";

    /// <summary>The new sentences, written out here so that a missing translation fails.</summary>
    private static readonly Dictionary<string, (string InvitationTitle, string DisplayName, string NewPassword, string Accept, string Forgot, string Send, string Sent, string ResetTitle, string SetPassword, string Done)> Texts = new()
    {
        ["en"] = ("Accept your invitation", "Display name", "New password", "Create my account", "Forgot your password?", "Send the link",
            "If an account has this e-mail, a link to choose a new password is on its way.", "Choose a new password", "Set the password",
            "Your password was changed and every session of your account has ended."),
        ["pt-BR"] = ("Aceite seu convite", "Nome de exibição", "Nova senha", "Criar minha conta", "Esqueceu sua senha?", "Enviar o link",
            "Se houver uma conta com este e-mail, um link para escolher uma nova senha está a caminho.", "Escolha uma nova senha", "Definir a senha",
            "Sua senha foi alterada e todas as sessões da sua conta foram encerradas."),
    };

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    public async Task An_invitee_accepts_the_invitation_from_the_link_in_the_mail_and_signs_in_with_the_password_chosen(string language)
    {
        var lang = Lang.For(language);
        var t = Texts[language];
        var app = mailed.App;
        await app.Operator.SignInAsync(Tests.Infrastructure.TestApp.OperatorEmail, Tests.Infrastructure.TestApp.Password);
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Wingtip {n}");
        var email = $"invitee{n}@wingtip.example";
        (await app.Operator.PostAsync($"/v1/organizations/{org}/invitations", new { email, roles = new[] { "globalAdmin" } })).AssertStatus(HttpStatusCode.Created);
        var link = await mailed.LinkInMailAsync(email, "/account/invitation");

        await using var person = await portal.PersonAsync(lang.Code, app);
        await person.GotoAsync(link);
        await Expect(person.Page.Locator("h1")).ToHaveTextAsync(t.InvitationTitle);
        await person.AssertEveryFieldLabelledAsync();
        await person.Page.GetByLabel(t.DisplayName, new() { Exact = true }).FillAsync($"Invitee {n}");
        await person.Page.GetByLabel(t.NewPassword, new() { Exact = true }).FillAsync(ChosenPassword);
        await person.ScreenshotAsync("invitation");
        await person.Page.GetByRole(AriaRole.Button, new() { Name = t.Accept, Exact = true }).ClickAsync();
        await Expect(person.Page).ToHaveURLAsync(new Uri(app.BaseAddress, "/").ToString());

        // Signed in straight away; signing out and in again proves the password chosen.
        await person.SignOutAsync();
        await person.SignInAsync(email, ChosenPassword);
        await Expect(person.Page).ToHaveURLAsync(new Uri(app.BaseAddress, "/").ToString());
        // The link was spent: opening it again and sending the form is refused.
        await person.GotoAsync(link);
        await person.Page.GetByLabel(t.NewPassword, new() { Exact = true }).FillAsync(ChosenPassword);
        await person.Page.GetByRole(AriaRole.Button, new() { Name = t.Accept, Exact = true }).ClickAsync();
        await Expect(person.Page.Locator(".alert.error")).ToBeVisibleAsync();
        person.AssertNoProblems();
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    public async Task A_person_who_forgot_the_password_sets_a_new_one_from_the_mailed_link_and_signs_in_with_it(string language)
    {
        var lang = Lang.For(language);
        var t = Texts[language];
        var app = mailed.App;
        await app.Operator.SignInAsync(Tests.Infrastructure.TestApp.OperatorEmail, Tests.Infrastructure.TestApp.Password);
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Proseware {n}");
        var email = $"forgetful{n}@proseware.example";
        await app.UserAsync(org, email, "adminAgent");

        await using var person = await portal.PersonAsync(lang.Code, app);
        await person.GotoAsync("/account/signin");
        await person.Page.GetByRole(AriaRole.Link, new() { Name = t.Forgot, Exact = true }).ClickAsync();
        await Expect(person.Page).ToHaveURLAsync(new Regex("/account/forgot-password$"));
        await person.AssertEveryFieldLabelledAsync();
        await person.Page.GetByLabel(lang.Email, new() { Exact = true }).FillAsync(email);
        await person.Page.GetByRole(AriaRole.Button, new() { Name = t.Send, Exact = true }).ClickAsync();
        await Expect(person.Page.Locator(".alert.ok")).ToContainTextAsync(t.Sent);
        var link = await mailed.LinkInMailAsync(email, "/account/reset-password");

        await person.GotoAsync(link);
        await Expect(person.Page.Locator("h1")).ToHaveTextAsync(t.ResetTitle);
        await person.Page.GetByLabel(t.NewPassword, new() { Exact = true }).FillAsync(ChosenPassword);
        await person.ScreenshotAsync("reset-password");
        await person.Page.GetByRole(AriaRole.Button, new() { Name = t.SetPassword, Exact = true }).ClickAsync();
        await Expect(person.Page).ToHaveURLAsync(new Regex("/account/signin\\?reset=1$"));
        await Expect(person.Page.Locator(".alert.ok")).ToContainTextAsync(t.Done);
        await person.SignInAsync(email, ChosenPassword);
        await Expect(person.Page).ToHaveURLAsync(new Uri(app.BaseAddress, "/").ToString());
        person.AssertNoProblems();
    }
}
