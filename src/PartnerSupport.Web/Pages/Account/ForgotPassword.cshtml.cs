using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PartnerSupport.Accounts;
using PartnerSupport.Web.Auth;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages.Account;

/// <summary>
/// Asks for a reset link (<see cref="RequestPasswordReset"/>). The page says the same thing
/// whether or not the e-mail is an account's, and counts against the same per-address allowance
/// as the sign-in form and <c>POST /v1/token</c>.
/// </summary>
public sealed class ForgotPasswordModel(RequestPasswordReset request, SignInLimiter limiter, PortalText text) : PageModel
{
    [BindProperty] public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!limiter.TryAcquire(SignInLimiter.Address(HttpContext)))
        {
            limiter.SetRetryAfter(Response);
            ModelState.AddModelError("", text.Format("SignInThrottled", text.Duration(limiter.Window)));
            return new PageResult { StatusCode = StatusCodes.Status429TooManyRequests };
        }
        var asked = await request.RunAsync(Email, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (!asked.IsSuccess)
        {
            AccountForm.Show(ModelState, text, asked.Error!, new Dictionary<string, string> { ["email"] = nameof(Email) });
            return Page();
        }
        Sent = true;
        return Page();
    }
}
