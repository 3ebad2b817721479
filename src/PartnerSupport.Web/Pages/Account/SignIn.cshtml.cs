using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PartnerSupport.Accounts;
using PartnerSupport.Resources;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Pages.Account;

public sealed class SignInModel(VerifyCredentials verify) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await verify.RunAsync(Email, Password, ct);
        if (!result.IsSuccess)
        {
            ModelState.AddModelError("", Messages.Get(result.Error!.MessageKey));
            Password = null;
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthSetup.PrincipalFor(result.Value));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
