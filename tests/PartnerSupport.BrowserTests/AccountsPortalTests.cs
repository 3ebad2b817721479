using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PartnerSupport.Accounts;
using PartnerSupport.BrowserTests.Infrastructure;
using PartnerSupport.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests;

/// <summary>
/// The portal's account pages in a browser: a global admin runs the organization's people and API
/// keys, a person enrols a second factor from a QR code drawn on the server, an operator reads the
/// outbox; and nobody reaches another organization's people or keys.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AccountsPortalTests(PortalFixture portal)
{
    /// <summary>The sentences of these pages, written out per language (not read from the application's resources).</summary>
    private sealed record Text(
        string NavPeople, string NavApiKeys, string NavOutbox, string Account, string Security, string PeopleTitle, string ApiKeysTitle, string OutboxTitle,
        string GlobalAdmin, string MpnPartnerAdmin, string AdminAgent, string SaveRolesOf, string DisableOf, string Disabled, string LastGlobalAdmin,
        string KeyName, string CreateKey, string NewKey, string RevokeOf, string TotpStart, string TotpCode, string TotpConfirm, string SecondFactorOn,
        string SignInCode, string Kind, string Status, string Show, string Email, string Failed, string Sent)
    {
        public static Text For(string code) => code switch
        {
            "pt-BR" => new("Pessoas", "Chaves de API", "Caixa de saída", "Conta", "Segurança", "Pessoas da organização", "Chaves de API", "Caixa de saída",
                "Administrador global", "Administrador de parceiros do MPN", "Agente administrativo", "Salvar papéis de {0}", "Desativar {0}", "Desativada",
                "A organização precisa de pelo menos um administrador global ativo: dê o papel a outra pessoa primeiro.",
                "Nome", "Criar chave", "A nova chave", "Revogar {0}", "Configurar um aplicativo autenticador", "Código do aplicativo", "Ativar o segundo fator",
                "O segundo fator está ativado: ao entrar, pedimos um código do seu aplicativo autenticador.", "Código do aplicativo autenticador",
                "Tipo", "Status", "Mostrar", "E-mail", "Falhou", "Enviada"),
            "es-ES" => new("Personas", "Claves de API", "Bandeja de salida", "Cuenta", "Seguridad", "Personas de la organización", "Claves de API", "Bandeja de salida",
                "Administrador global", "Administrador de partners de MPN", "Agente de administrador", "Guardar roles de {0}", "Desactivar a {0}", "Desactivada",
                "La organización necesita al menos un administrador global activo: asigne primero el rol a otra persona.",
                "Nombre", "Crear clave", "La nueva clave", "Revocar {0}", "Configurar una aplicación de autenticación", "Código de la aplicación", "Activar el segundo factor",
                "El segundo factor está activado: al iniciar sesión se pide un código de su aplicación de autenticación.", "Código de la aplicación de autenticación",
                "Tipo", "Estado", "Mostrar", "Correo electrónico", "Fallido", "Enviado"),
            _ => new("People", "API keys", "Outbox", "Account", "Security", "People of the organization", "API keys", "Outbox",
                "Global admin", "MPN partner admin", "Admin agent", "Save roles of {0}", "Disable {0}", "Disabled",
                "The organization needs at least one enabled global admin: give the role to someone else first.",
                "Name", "Create key", "The new key", "Revoke {0}", "Set up an authenticator app", "Code from the app", "Turn on the second factor",
                "A second factor is on: signing in asks for a code from your authenticator app.", "Code from your authenticator app",
                "Kind", "Status", "Show", "E-mail", "Failed", "Sent"),
        };
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    public async Task A_global_admin_changes_a_colleagues_roles_and_disables_them_and_the_colleagues_session_ends(string language)
    {
        var lang = Lang.For(language);
        var t = Text.For(language);
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Fabrikam {n}");
        var adminEmail = $"admin{n}@fabrikam.example";
        var colleagueEmail = $"colleague{n}@fabrikam.example";
        await app.UserAsync(org, adminEmail, "globalAdmin");
        await app.UserAsync(org, colleagueEmail, "adminAgent");
        var colleagueName = "Test " + colleagueEmail.Split('@')[0];
        var adminName = "Test " + adminEmail.Split('@')[0];

        await using var colleague = await portal.SignedInAsync(lang, colleagueEmail, "/requests");
        await using var admin = await portal.SignedInAsync(lang, adminEmail, "/");
        var p = admin.Page;
        await admin.NavigateAsync(t.NavPeople);
        await Expect(p.Locator("h1")).ToHaveTextAsync(t.PeopleTitle);
        var row = p.Locator($"tr.person[data-email='{colleagueEmail}']");
        await Expect(row).ToContainTextAsync(colleagueName);

        await row.GetByLabel(t.AdminAgent, new() { Exact = true }).UncheckAsync();
        await row.GetByLabel(t.MpnPartnerAdmin, new() { Exact = true }).CheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = string.Format(System.Globalization.CultureInfo.InvariantCulture, t.SaveRolesOf, colleagueName), Exact = true }).ClickAsync();
        await Expect(p.Locator(".alert.ok")).ToBeVisibleAsync();
        row = p.Locator($"tr.person[data-email='{colleagueEmail}']");
        await Expect(row.GetByLabel(t.MpnPartnerAdmin, new() { Exact = true })).ToBeCheckedAsync();
        await Expect(row.GetByLabel(t.AdminAgent, new() { Exact = true })).Not.ToBeCheckedAsync();
        var roles = await app.App.WithDbAsync(db => db.Users.Where(u => u.Email == colleagueEmail).Select(u => u.Roles).SingleAsync());
        Assert.Equal(Roles.MpnPartnerAdmin, roles);

        // The admin's own row: taking away the organization's last global admin is refused, next to that row.
        var own = p.Locator($"tr.person[data-email='{adminEmail}']");
        await own.GetByLabel(t.GlobalAdmin, new() { Exact = true }).UncheckAsync();
        await own.GetByRole(AriaRole.Button, new() { Name = string.Format(System.Globalization.CultureInfo.InvariantCulture, t.SaveRolesOf, adminName), Exact = true }).ClickAsync();
        await Expect(p.Locator($"tr.person[data-email='{adminEmail}'] .field-error")).ToHaveTextAsync(t.LastGlobalAdmin);
        await Expect(p.Locator(".alert.ok")).ToHaveCountAsync(0);
        Assert.Equal(Roles.GlobalAdmin, await app.App.WithDbAsync(db => db.Users.Where(u => u.Email == adminEmail).Select(u => u.Roles).SingleAsync()));
        await admin.ScreenshotAsync("accounts-people-last-admin");

        row = p.Locator($"tr.person[data-email='{colleagueEmail}']");
        await row.GetByRole(AriaRole.Button, new() { Name = string.Format(System.Globalization.CultureInfo.InvariantCulture, t.DisableOf, colleagueName), Exact = true }).ClickAsync();
        await Expect(p.Locator(".alert.ok")).ToBeVisibleAsync();
        await Expect(p.Locator($"tr.person[data-email='{colleagueEmail}']")).ToContainTextAsync(t.Disabled);
        await admin.ScreenshotAsync("accounts-people");

        // The colleague's open session ended: the next page asks to sign in, and signing in is refused.
        await colleague.Page.GotoAsync("/requests");
        await Expect(colleague.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin"));
        await colleague.SignInAsync(colleagueEmail);
        await Expect(colleague.Page.Locator(".alert.error")).ToHaveTextAsync(lang.InvalidCredentials);
        admin.AssertNoProblems();
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("es-ES")]
    public async Task A_global_admin_creates_an_API_key_sees_it_once_uses_it_then_revokes_it_and_it_is_refused(string language)
    {
        var lang = Lang.For(language);
        var t = Text.For(language);
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Tailspin {n}");
        var adminEmail = $"keys{n}@tailspin.example";
        await app.UserAsync(org, adminEmail, "globalAdmin");
        var keyName = $"Ticketing {n}";

        await using var admin = await portal.SignedInAsync(lang, adminEmail, "/");
        var p = admin.Page;
        await admin.NavigateAsync(t.NavApiKeys);
        await Expect(p.Locator("h1")).ToHaveTextAsync(t.ApiKeysTitle);
        await p.GetByLabel(t.KeyName, new() { Exact = true }).FillAsync(keyName);
        await p.GetByLabel(t.AdminAgent, new() { Exact = true }).CheckAsync();
        await p.GetByRole(AriaRole.Button, new() { Name = t.CreateKey, Exact = true }).ClickAsync();
        var shown = p.GetByLabel(t.NewKey, new() { Exact = true });
        await Expect(shown).ToBeVisibleAsync();
        var key = await shown.InputValueAsync();
        Assert.StartsWith(CreateApiKey.KeyPrefix, key, StringComparison.Ordinal);
        await admin.ScreenshotAsync("accounts-apikey-created");
        var prefix = await app.App.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == keyName).Select(k => k.Prefix).SingleAsync());
        Assert.StartsWith(prefix + "_", key, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        async Task<HttpStatusCode> CallWithKeyAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/organizations/{org}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await CallWithKeyAsync());

        // Shown once: the list has its prefix and last use, never the key.
        await admin.GotoAsync("/organization/apikeys");
        var row = p.Locator($"tr.apikey[data-prefix='{prefix}']");
        await Expect(row).ToContainTextAsync(keyName);
        await Expect(row).ToContainTextAsync(prefix);
        Assert.DoesNotContain(key, await p.ContentAsync(), StringComparison.Ordinal);
        await Expect(p.GetByLabel(t.NewKey, new() { Exact = true })).ToHaveCountAsync(0);

        await row.GetByRole(AriaRole.Button, new() { Name = string.Format(System.Globalization.CultureInfo.InvariantCulture, t.RevokeOf, keyName), Exact = true }).ClickAsync();
        await Expect(p.Locator(".alert.ok")).ToBeVisibleAsync();
        await Expect(p.Locator($"tr.apikey[data-prefix='{prefix}']")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWithKeyAsync());
        admin.AssertNoProblems();
    }

    [SkippableTheory]
    [InlineData("en")]
    [InlineData("es-ES")]
    public async Task A_person_enrols_an_authenticator_app_from_the_QR_page_and_signing_in_then_asks_for_the_code(string language)
    {
        var lang = Lang.For(language);
        var t = Text.For(language);
        var app = portal.App;
        var n = PortalApp.Next();
        var email = $"totp{n}@outlook.example";
        await app.UserAsync(null, email);

        await using var person = await portal.SignedInAsync(lang, email, "/");
        var p = person.Page;
        await p.Locator("details.menu.account summary").ClickAsync();
        await p.GetByRole(AriaRole.Link, new() { Name = t.Security, Exact = true }).ClickAsync();
        await Expect(p.Locator("h1")).ToHaveTextAsync(t.Security);
        await p.GetByRole(AriaRole.Button, new() { Name = t.TotpStart, Exact = true }).ClickAsync();

        // The QR code is inline SVG drawn on the server, named for screen readers; the secret is beside it as text.
        var qr = p.Locator("svg[role='img']#totp-qr");
        await Expect(qr).ToBeVisibleAsync();
        await Expect(qr.Locator("title")).Not.ToBeEmptyAsync();
        Assert.True(await qr.Locator("path").CountAsync() == 1, "the QR code has no drawing");
        Assert.Equal(0, await p.Locator("script").CountAsync());
        var secret = (await p.Locator("#totp-secret").TextContentAsync())!.Trim();
        await person.ScreenshotAsync("accounts-totp-qr");

        var code = Totp.Code(Authenticator.FromBase32(secret), Totp.StepAt(app.App.Time.GetUtcNow()));
        await p.GetByLabel(t.TotpCode, new() { Exact = true }).FillAsync(code);
        await p.GetByRole(AriaRole.Button, new() { Name = t.TotpConfirm, Exact = true }).ClickAsync();
        var recovery = p.Locator("#recovery-codes li code");
        await Expect(recovery).ToHaveCountAsync(10);
        await Expect(p.Locator("#mfa-on")).ToHaveTextAsync(t.SecondFactorOn);
        var spare = (await recovery.Nth(0).TextContentAsync())!.Trim();
        await person.ScreenshotAsync("accounts-totp-recovery");
        person.AssertNoProblems();

        // Shown once: the page again has neither the secret nor the codes.
        await person.GotoAsync("/account/security");
        await Expect(p.Locator("#recovery-codes")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await p.ContentAsync(), StringComparison.Ordinal);

        await person.SignOutAsync();
        await person.SignInAsync(email);
        var second = p.GetByLabel(t.SignInCode, new() { Exact = true });
        await Expect(second).ToBeVisibleAsync();
        await second.FillAsync(spare);
        await p.GetByRole(AriaRole.Button, new() { Name = lang.SignIn, Exact = true }).ClickAsync();
        await Expect(p).ToHaveURLAsync(new Uri(app.BaseAddress, "/").ToString());
        person.AssertNoProblems();
    }

    [SkippableFact]
    public async Task The_outbox_page_lists_the_rows_its_kind_and_status_filters_choose()
    {
        var t = Text.For("en");
        var app = portal.App;
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Outbox {n}");
        var adminEmail = $"outbox{n}@contoso.example";
        await app.UserAsync(org, adminEmail, "globalAdmin");
        // The activation writes an outbound event, which the e-mail row below belongs to.
        await app.MembershipAsync(org, "gold", "Data Analytics");
        await app.ActivateAsync(adminEmail, "productSupport");
        var subscription = (await app.Operator.PostAsync("/v1/webhooks", new { url = "https://203.0.113.10/hooks", events = new[] { "ping" } }))
            .AssertStatus(HttpStatusCode.Created).Id;
        // Written as given up, so that no worker tries them while the page is read.
        var now = app.App.Time.GetUtcNow();
        var email = Guid.CreateVersion7();
        var recipient = $"mailbox{n}@contoso.example";
        var webhook = Guid.CreateVersion7();
        await app.App.WithDbAsync(async db =>
        {
            var anEvent = await db.OutboundEvents.OrderByDescending(e => e.CreatedAt).Select(e => e.Id).FirstAsync();
            db.EmailMessages.Add(new Notifications.EmailMessage
            {
                Id = email,
                EventId = anEvent,
                EventType = "benefit.activated",
                // An address of no account: the worker's own fan-out of the same event never writes it.
                RecipientAddress = recipient,
                Language = "en-US",
                Subject = "Activated",
                TextBody = "",
                HtmlBody = "",
                Status = Notifications.EmailStatus.Failed,
                Attempts = 5,
                NextAttemptAt = now,
                LastError = $"550 mailbox {n} unavailable",
                CreatedAt = now,
            });
            db.WebhookMessages.Add(new Alerts.WebhookMessage
            {
                Id = webhook,
                SubscriptionId = Guid.Parse(subscription),
                EventType = "ping",
                Payload = "{}",
                CreatedAt = now,
                Status = Alerts.WebhookStatus.Failed,
                Attempts = 8,
                NextAttemptAt = now,
                LastError = "HTTP 500",
            });
            return await db.SaveChangesAsync();
        });

        await using var op = await portal.SignedInAsync(Lang.En, TestApp.OperatorEmail, "/");
        var p = op.Page;
        await op.NavigateAsync(t.NavOutbox);
        await Expect(p.Locator("h1")).ToHaveTextAsync(t.OutboxTitle);
        var emailRow = p.Locator($"tr.outbox[data-outbox='{email}']");
        var webhookRow = p.Locator($"tr.outbox[data-outbox='{webhook}']");
        await Expect(emailRow).ToContainTextAsync(recipient);
        await Expect(emailRow).ToContainTextAsync($"550 mailbox {n} unavailable");
        await Expect(emailRow).ToContainTextAsync(t.Failed);
        await Expect(webhookRow).ToBeVisibleAsync();

        await p.GetByLabel(t.Kind, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = t.Email });
        await p.GetByRole(AriaRole.Button, new() { Name = t.Show, Exact = true }).ClickAsync();
        await Expect(p).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("kind=email"));
        await Expect(emailRow).ToBeVisibleAsync();
        await Expect(webhookRow).ToHaveCountAsync(0);

        await p.GetByLabel(t.Status, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = t.Sent });
        await p.GetByRole(AriaRole.Button, new() { Name = t.Show, Exact = true }).ClickAsync();
        await Expect(p).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=sent"));
        await Expect(emailRow).ToHaveCountAsync(0);
        await p.GetByLabel(t.Status, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = t.Failed });
        await p.GetByRole(AriaRole.Button, new() { Name = t.Show, Exact = true }).ClickAsync();
        await Expect(emailRow).ToBeVisibleAsync();
        await op.ScreenshotAsync("accounts-outbox");
        op.AssertNoProblems();
    }

    [SkippableFact]
    public async Task A_partner_admin_never_opens_another_organizations_people_or_keys_and_the_menu_offers_them_only_to_global_admins()
    {
        var t = Text.For("en");
        var app = portal.App;
        var n = PortalApp.Next();
        var orgA = await app.OrganizationAsync($"Alpine {n}");
        var orgB = await app.OrganizationAsync($"Blue Yonder {n}");
        var adminA = $"admin{n}@alpine.example";
        var partnerAdminA = $"partner{n}@alpine.example";
        await app.UserAsync(orgA, adminA, "globalAdmin");
        await app.UserAsync(orgA, partnerAdminA, "mpnPartnerAdmin");
        await app.UserAsync(orgB, $"admin{n}@blueyonder.example", "globalAdmin");

        await using (var admin = await portal.SignedInAsync(Lang.En, adminA, "/"))
        {
            foreach (var path in new[] { $"/organization/users?organizationId={orgB}", $"/organization/apikeys?organizationId={orgB}" })
            {
                var answer = await admin.Context.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
                Assert.True(answer.Status == 404, $"{path} for A's global admin: {answer.Status}");
                Assert.DoesNotContain($"blueyonder.example", await answer.TextAsync(), StringComparison.Ordinal);
                var post = await admin.Context.APIRequest.PostAsync(path + "&handler=Create", new() { MaxRedirects = 0, Form = admin.Context.APIRequest.CreateFormData().Set("Input.Name", "stolen") });
                Assert.True(post.Status is 400 or 404, $"POST {path} for A's global admin: {post.Status}");
            }
            Assert.Equal(0, await app.App.WithDbAsync(db => db.ApiKeys.CountAsync(k => k.OrganizationId == Guid.Parse(orgB))));
        }
        await using var partner = await portal.SignedInAsync(Lang.En, partnerAdminA, "/");
        await partner.Page.Locator("details.menu summary", new() { HasText = Lang.En.NavManage }).ClickAsync();
        await Expect(partner.Page.GetByRole(AriaRole.Link, new() { Name = t.NavPeople, Exact = true })).ToHaveCountAsync(0);
        await Expect(partner.Page.GetByRole(AriaRole.Link, new() { Name = t.NavApiKeys, Exact = true })).ToHaveCountAsync(0);
        var own = await partner.Context.APIRequest.GetAsync("/organization/users", new() { MaxRedirects = 0 });
        Assert.True(own.Status == 302 && own.Headers["location"].Contains("/account/denied", StringComparison.Ordinal), $"own organization's people for a partner admin: {own.Status}");
        partner.AssertNoProblems();
    }
}
