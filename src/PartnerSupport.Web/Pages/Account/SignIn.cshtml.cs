using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PartnerSupport.Accounts;
using PartnerSupport.Resources;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Pages.Account;

public sealed class SignInModel(VerifyCredentials verify, SignInLimiter limiter, Resources.PortalText text) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Counted before the password is checked, like POST /v1/token: a refused attempt tells nothing.
        if (!limiter.TryAcquire(SignInLimiter.Address(HttpContext)))
        {
            limiter.SetRetryAfter(Response);
            ModelState.AddModelError("", text.Format("SignInThrottled", text.Duration(limiter.Window)));
            Password = null;
            return new PageResult { StatusCode = StatusCodes.Status429TooManyRequests };
        }
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
