using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PartnerSupport.Accounts;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages.Account;

/// <summary>The reset link: a new password (<see cref="ResetPassword"/>), then the sign-in page, since every session of the account has ended.</summary>
public sealed class ResetPasswordModel(ResetPassword reset, PortalText text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    public void OnGet()
    {
        if (string.IsNullOrEmpty(Token))
            ModelState.AddModelError("", PartnerSupport.Resources.Messages.Get("ResetTokenInvalid"));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await reset.RunAsync(new ResetPasswordInput(Token, NewPassword), ct);
        NewPassword = null;
        if (!result.IsSuccess)
        {
            AccountForm.Show(ModelState, text, result.Error!, new Dictionary<string, string> { ["token"] = "", ["newPassword"] = nameof(NewPassword) });
            return Page();
        }
        return LocalRedirect("/account/signin?reset=1");
    }
}
