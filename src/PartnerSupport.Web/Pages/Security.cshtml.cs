using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Storage;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages;

/// <summary>
/// The signed-in person's password and second factor: the same use cases as
/// <c>/v1/account/password</c> and <c>/v1/account/mfa/totp</c>. The TOTP secret and the recovery
/// codes are shown on the answer to their form only, never stored for a later page. Open before
/// enrolment too, since <c>Auth:RequireMfa</c> sends people here.
/// </summary>
[AllowedBeforeMfaEnrolment]
public sealed class SecurityModel(AppDbContext db, ChangePassword changePassword, StartTotpEnrolment start, ConfirmTotpEnrolment confirm, PortalText text) : PortalPage
{
    public bool TwoFactorEnabled { get; private set; }

    /// <summary>An enrolment was started and waits for a code from the app.</summary>
    public bool EnrolmentPending { get; private set; }

    /// <summary>The new secret and its otpauth URI (the QR code): on the answer to Start only.</summary>
    public TotpEnrolment? Enrolment { get; private set; }

    /// <summary>The ten recovery codes: on the answer to Confirm only.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    [BindProperty]
    public PasswordInput Password { get; set; } = new();

    [BindProperty]
    public string? Code { get; set; }

    public sealed class PasswordInput
    {
        public string? CurrentPassword { get; set; }
        public string? NewPassword { get; set; }
    }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        // The fingerprint never holds the passwords: it is kept, hashed without salt, for a day.
        var result = await OnceAsync("account.password", "", async () =>
        {
            var changed = await changePassword.RunAsync(Me, new ChangePasswordInput(Password.CurrentPassword, Password.NewPassword), ct);
            return changed.IsSuccess ? changed.Value.Id : changed.Error!;
        }, ct);
        Password = new();
        if (!result.IsSuccess)
        {
            if (result.Error!.Kind == ErrorKind.Forbidden)
                return Forbid();
            ShowPasswordRefusal(result.Error);
            return await LoadAsync(ct);
        }
        // The change ended every session of the account, this one too: say so where the person signs in again.
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        TempData["Flash"] = text["PasswordChangedSignInAgain"];
        return Redirect("/account/signin");
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        TotpEnrolment? enrolment = null;
        var result = await OnceAsync("account.mfa.start", "", async () =>
        {
            var started = await start.RunAsync(Me, ct);
            if (!started.IsSuccess)
                return started.Error!;
            enrolment = started.Value;
            return Me.UserId;
        }, ct);
        if (!result.IsSuccess)
        {
            if (result.Error!.Kind == ErrorKind.Forbidden)
                return Forbid();
            Show(result.Error);
            return await LoadAsync(ct);
        }
        // A form sent again gets no second secret: the first answer was the only one to carry it.
        if (enrolment is null)
            Notice = text["TotpStartAgain"];
        Enrolment = enrolment;
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        IReadOnlyList<string>? codes = null;
        var result = await OnceAsync("account.mfa.confirm", Code ?? "", async () =>
        {
            var confirmed = await confirm.RunAsync(Me, Code, ct);
            if (!confirmed.IsSuccess)
                return confirmed.Error!;
            codes = confirmed.Value;
            return Me.UserId;
        }, ct);
        Code = null;
        if (!result.IsSuccess)
        {
            if (result.Error!.Kind == ErrorKind.Forbidden)
                return Forbid();
            await LoadAsync(ct);
            // Next to the code field when the page shows it; with no enrolment started, at the top.
            var at = EnrolmentPending ? nameof(Code) : "";
            Show(result.Error, at: at, fields: new Dictionary<string, string> { ["code"] = at });
            return Page();
        }
        if (codes is null)
            Notice = text["FormAlreadySent"];
        else
            ViewData["Flash"] = text["TotpEnabled"];
        RecoveryCodes = codes;
        ModelState.Clear();
        return await LoadAsync(ct);
    }

    /// <summary>
    /// The use case's field messages are the API's English (Identity's for the new password): the
    /// page says what each field needs in its own language instead.
    /// </summary>
    private void ShowPasswordRefusal(Error error)
    {
        if (error.FieldErrors is not { } fields)
        {
            Show(error, at: "Password.CurrentPassword");
            return;
        }
        foreach (var (field, messages) in fields)
        {
            var (key, sentence) = field switch
            {
                "currentPassword" when messages.Any(m => m.StartsWith("is not", StringComparison.Ordinal)) => ("Password.CurrentPassword", text["CurrentPasswordWrong"]),
                "currentPassword" => ("Password.CurrentPassword", text["FieldRequired"]),
                "newPassword" when messages.Any(m => m.StartsWith("is required", StringComparison.Ordinal)) => ("Password.NewPassword", text["FieldRequired"]),
                "newPassword" => ("Password.NewPassword", text["NewPasswordRules"]),
                _ => ("", string.Join(" ", messages)),
            };
            ModelState.AddModelError(key, sentence);
        }
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == Me.UserId, ct);
        TwoFactorEnabled = user.TwoFactorEnabled;
        EnrolmentPending = !user.TwoFactorEnabled && user.TotpSecret is not null;
        return Page();
    }
}
