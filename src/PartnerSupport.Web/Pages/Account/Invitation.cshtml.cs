using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PartnerSupport.Accounts;
using PartnerSupport.Web.Auth;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages.Account;

/// <summary>
/// The invitation's link: the invitee chooses a name and a password, the account is created
/// (<see cref="AcceptInvitation"/>) and they are signed in to it at once.
/// </summary>
public sealed class InvitationModel(AcceptInvitation accept, PortalText text) : PageModel
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["token"] = "",
        ["password"] = nameof(Password),
        ["displayName"] = nameof(DisplayName),
    };

    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Password { get; set; }

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
}
