using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerSupport.BrowserTests.Infrastructure;
using PartnerSupport.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PartnerSupport.BrowserTests;

/// <summary>
/// Single sign-on in Chromium against a real OpenID provider (OpenIddict on 127.0.0.1): the
/// button on the sign-in page, the round trip through the provider (PKCE, state, nonce, the ID
/// token's signature checked by the server's OpenID Connect handler), and the page the person was
/// going to, signed in; a stranger comes back to the sign-in page with the reason, in their language.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class SingleSignOnBrowserTests(PortalFixture portal)
{
    /// <summary>The click's navigation waits for the whole round trip, server-to-provider calls included.</summary>
    private const float RoundTrip = 60_000;

    [SkippableFact]
    public async Task A_person_signs_in_with_the_provider_and_lands_where_they_were_going_while_a_stranger_is_told_why_not()
    {
        await using var provider = await OidcProvider.StartAsync();
        await using var app = await PortalApp.StartAsync(provider.Settings("Contoso ID"));
        await provider.RegisterClientAsync(app.BaseAddress);
        var n = PortalApp.Next();
        var org = await app.OrganizationAsync($"Contoso {n}");
        var email = $"kim{n}@contoso.example";
        await app.UserAsync(org, email, "globalAdmin");

        provider.Person = new ProviderPerson($"contoso-{n}", email, EmailVerified: true);
        await using (var kim = await portal.PersonAsync("pt-BR", app))
        {
            await kim.Page.GotoAsync("/requests");
            await Expect(kim.Page).ToHaveURLAsync(new Regex("/account/signin"));
            await kim.ScreenshotAsync("sso-signin");
            await kim.Page.GetByRole(AriaRole.Button, new() { Name = "Entrar com Contoso ID" }).ClickAsync(new() { Timeout = RoundTrip });
            await Expect(kim.Page).ToHaveURLAsync(new Regex("/requests$"), new() { Timeout = RoundTrip });
            Assert.Contains((await kim.Context.CookiesAsync()), c => c.Name == "partnersupport");
            await kim.GotoAsync("/profile");
            await Expect(kim.Page).ToHaveURLAsync(new Regex("/profile$"));
            kim.AssertNoProblems();
        }

        provider.Person = new ProviderPerson($"stranger-{n}", $"stranger{n}@contoso.example", EmailVerified: true);
        await using var stranger = await portal.PersonAsync("es-ES", app);
        await stranger.GotoAsync("/account/signin");
        await stranger.Page.GetByRole(AriaRole.Button, new() { Name = "Iniciar sesión con Contoso ID" }).ClickAsync(new() { Timeout = RoundTrip });
        await Expect(stranger.Page).ToHaveURLAsync(new Regex("/account/signin\\?handler=Provider$"), new() { Timeout = RoundTrip });
        await Expect(stranger.Page.Locator(".alert.error")).ToContainTextAsync("Iniciar sesión no crea cuentas");
        await stranger.ScreenshotAsync("sso-refused");
        Assert.DoesNotContain((await stranger.Context.CookiesAsync()), c => c.Name == "partnersupport");
        stranger.AssertNoProblems();
    }
}
