using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PartnerSupport.Accounts;
using PartnerSupport.Resources;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Pages.Account;

public sealed class SignInModel(SignIn signIn, SignInLimiter limiter, Resources.PortalText text, IDataProtectionProvider protection, TimeProvider time) : PageModel
{
    /// <summary>How long the second page waits for the code after the password was right.</summary>
    private static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(5);

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    /// <summary>
    /// Between the two pages of a sign-in with a second factor: the account and its security stamp,
    /// protected and time-limited, so that the password is never sent back to the browser.
    /// </summary>
    [BindProperty] public string? Ticket { get; set; }

    [BindProperty] public string? Code { get; set; }
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
        var result = Ticket is null ? await signIn.RunAsync(Email, Password, null, ct) : await SecondStepAsync(ct);
        if (!result.IsSuccess && PartnerSupport.Accounts.SignIn.NeedsSecondFactor(result.Error!))
        {
            Ticket ??= await NewTicketAsync(ct);
            if (Code is not null)
                ModelState.AddModelError("", Messages.Get(result.Error!.MessageKey));
            Password = null;
            Code = null;
            return Page();
        }
        if (!result.IsSuccess)
        {
            Ticket = null;
            ModelState.AddModelError("", Messages.Get(result.Error!.MessageKey));
            Password = null;
            return Page();
        }
        Ticket = null;
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthSetup.PrincipalFor(result.Value));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    // The expiry is written in the ticket and judged by the application's clock, like every other date.
    private IDataProtector Protector => protection.CreateProtector("PartnerSupport.Portal.SignInTicket");

    private async Task<string?> NewTicketAsync(CancellationToken ct)
    {
        var users = HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<User>>();
        var user = await users.FindByEmailAsync(Email!.Trim());
        return user is null ? null : Protector.Protect($"{(time.GetUtcNow() + TicketLifetime).UtcTicks}|{user.Id}|{user.SecurityStamp}");
    }

    private async Task<PartnerSupport.Common.Result<User>> SecondStepAsync(CancellationToken ct)
    {
        var invalid = new PartnerSupport.Common.Error(PartnerSupport.Common.ErrorKind.Unauthorized, PartnerSupport.Common.ErrorCodes.InvalidCredentials, "InvalidCredentials");
        string content;
        try
        {
            content = Protector.Unprotect(Ticket!);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return invalid;
        }
        var parts = content.Split('|', 3);
        return parts.Length == 3 && long.TryParse(parts[0], out var expires) && time.GetUtcNow().UtcTicks < expires && Guid.TryParse(parts[1], out var userId)
            ? await signIn.SecondFactorAsync(userId, parts[2], Code, ct)
            : invalid;
    }
}
