using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Storage;

namespace PartnerSupport.Web.Pages;

/// <summary>The person's own settings: display name, the language of their e-mail, notification mail on or off.</summary>
public sealed class ProfileModel(AppDbContext db, UpdateProfile update) : PortalPage
{
    public sealed class ProfileInput
    {
        public string? DisplayName { get; set; }
        public string? Language { get; set; }
        public bool EmailNotifications { get; set; }
    }

    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == Me.UserId, ct);
        Input = new ProfileInput { DisplayName = user.DisplayName, Language = user.Language ?? "en-US", EmailNotifications = !user.EmailNotificationsOff };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await update.RunAsync(Me, new UpdateProfileInput(Input.DisplayName ?? "", Input.Language,
            new NotificationSettingsInput(Input.EmailNotifications)), ct);
        if (!result.IsSuccess)
        {
            Show(result.Error!, nameof(Input));
            return Page();
        }
        Flash = Text("ProfileSaved");
        return RedirectToPage();
    }

    private string Text(string key) => HttpContext.RequestServices.GetRequiredService<Resources.PortalText>()[key];
}
