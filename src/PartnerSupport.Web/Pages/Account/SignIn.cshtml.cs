using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PartnerSupport.Accounts;
using PartnerSupport.Resources;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Pages.Account;

public sealed class SignInModel(
    SignIn signIn, SignInWithProvider signInWithProvider, SignInLimiter limiter, Resources.PortalText text,
    IDataProtectionProvider protection, IOptions<OidcOptions> oidc, TimeProvider time) : PageModel
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

    /// <summary>The provider's name for the single sign-on button; null when single sign-on is off.</summary>
    public string? ProviderName => oidc.Value.Enabled ? oidc.Value.DisplayName : null;

    public void OnGet()
    {
    }

    /// <summary>
    /// "Sign in with {provider}": off to the provider, and back to <see cref="OnGetProviderAsync"/>.
    /// A form post with antiforgery, so that no other site can start a sign-in in the person's name.
    /// </summary>
    public IActionResult OnPostProvider()
    {
        if (ProviderName is null)
            return NotFound();
        var back = Url.Page("/Account/SignIn", "Provider", new { returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null });
        return Challenge(new AuthenticationProperties { RedirectUri = back }, OidcOptions.Scheme);
    }

    /// <summary>
    /// Back from the provider: its identity (already checked by the OpenID Connect handler: state,
    /// nonce, PKCE, the ID token's signature, issuer and audience) signs in to the account with the
    /// same verified e-mail, through the second page when the account has a second factor.
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
        var result = await signInWithProvider.RunAsync(back.Identity, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (!result.IsSuccess)
        {
            ModelState.AddModelError("", Messages.Get(result.Error!.MessageKey, result.Error.Args));
            return Page();
        }
        if (result.Value.NeedsSecondFactor)
        {
            Ticket = TicketFor(result.Value.User);
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthSetup.PrincipalFor(result.Value.User));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
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
        return user is null ? null : TicketFor(user);
    }

    private string TicketFor(User user) => Protector.Protect($"{(time.GetUtcNow() + TicketLifetime).UtcTicks}|{user.Id}|{user.SecurityStamp}");

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
