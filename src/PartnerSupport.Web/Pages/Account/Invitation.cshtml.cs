using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PartnerSupport.Accounts;
using PartnerSupport.Web.Auth;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages.Account;

/// <summary>
/// The invitation's link: the invitee chooses a name and a password, or signs in with the
/// organization's identity provider when single sign-on is on; the account is created
/// (<see cref="AcceptInvitation"/>) and they are signed in to it at once.
/// </summary>
public sealed class InvitationModel(AcceptInvitation accept, PortalText text, IOptions<OidcOptions> oidc) : PageModel
{
    /// <summary>Where the token waits during the round trip to the provider: in the protected state, never in an address.</summary>
    private const string TokenItem = "invitation";

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["token"] = "",
        ["password"] = nameof(Password),
        ["displayName"] = nameof(DisplayName),
    };

    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Password { get; set; }

    /// <summary>The provider's name for the single sign-on button; null when single sign-on is off.</summary>
    public string? ProviderName => oidc.Value.Enabled ? oidc.Value.DisplayName : null;

    public void OnGet()
    {
        if (string.IsNullOrEmpty(Token))
            ModelState.AddModelError("", PartnerSupport.Resources.Messages.Get("InvitationInvalid"));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var accepted = await accept.RunAsync(new AcceptInvitationInput(Token, Password, DisplayName), ct);
        Password = null;
        if (!accepted.IsSuccess)
        {
            AccountForm.Show(ModelState, text, accepted.Error!, Fields);
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthSetup.PrincipalFor(accepted.Value));
        return LocalRedirect("/");
    }

    /// <summary>
    /// "Create my account by signing in with {provider}": off to the provider with the token in
    /// the round trip's protected properties, and back to <see cref="OnGetProviderAsync"/>.
    /// </summary>
    public IActionResult OnPostProvider()
    {
        if (ProviderName is null)
            return NotFound();
        var properties = new AuthenticationProperties { RedirectUri = Url.Page("/Account/Invitation", "Provider") };
        properties.Items[TokenItem] = Token;
        return Challenge(properties, OidcOptions.Scheme);
    }

    /// <summary>
    /// Back from the provider: the invitation is accepted for the e-mail address it verified, and
    /// only if that is the invitation's.
    /// </summary>
    public async Task<IActionResult> OnGetProviderAsync(CancellationToken ct)
    {
        if (ProviderName is not { } provider)
            return NotFound();
        if (await ProviderReturn.TakeAsync(HttpContext, provider) is not { } back)
        {
            ModelState.AddModelError("", text.Format("SignInWithProviderFailed", provider));
            return Page();
        }
        // Back on the page when refused, so that the password form can still use the link.
        Token = back.Properties.Items.TryGetValue(TokenItem, out var token) ? token : null;
        var accepted = await accept.RunBySignInAsync(Token, back.Identity, back.Name, ct);
        if (!accepted.IsSuccess)
        {
            AccountForm.Show(ModelState, text, accepted.Error!, Fields);
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthSetup.PrincipalFor(accepted.Value));
        return LocalRedirect("/");
    }
}
