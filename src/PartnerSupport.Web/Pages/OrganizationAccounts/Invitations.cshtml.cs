using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Storage;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages.OrganizationAccounts;

/// <summary>
/// An organization's pending invitations, and inviting or revoking: the same use cases as
/// <c>/v1/organizations/{id}/invitations</c>. A global admin runs their own organization's; an
/// operator names the organization (<c>?organizationId=</c>, linked from the back office).
/// </summary>
public sealed class InvitationsModel(
    AppDbContext db, ListInvitations list, CreateInvitation create, RevokeInvitation revoke, TimeProvider time, PortalText text) : PortalPage
{
    [BindProperty(SupportsGet = true)] public Guid? OrganizationId { get; set; }

    public string OrganizationName { get; private set; } = "";

    public IReadOnlyList<Invitation> Pending { get; private set; } = [];

    [BindProperty]
    public NewInvitation Input { get; set; } = new();

    public sealed class NewInvitation
    {
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
        public List<string> Roles { get; set; } = [];
    }

    private Guid Organization => OrganizationId ?? Me.OrganizationId ?? Guid.Empty;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        var result = await OnceAsync("invitation.create", $"{Organization}\n{Input.Email}\n{Input.DisplayName}\n{string.Join(' ', Input.Roles)}", async () =>
        {
            var made = await create.RunAsync(Me, Organization,
                new CreateInvitationInput(Input.Email, Input.Roles, string.IsNullOrWhiteSpace(Input.DisplayName) ? null : Input.DisplayName), ct);
            return made.IsSuccess ? made.Value.Invitation.Id : made.Error!;
        }, ct);
        if (!result.IsSuccess)
        {
            if (Refused(result.Error!) is { } refused)
                return refused;
            Show(result.Error!, prefix: nameof(Input));
            return await LoadAsync(ct);
        }
        Flash = text.Format("InvitationSent", Input.Email ?? "");
        return RedirectToPage(new { organizationId = OrganizationId });
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken ct)
    {
        var result = await revoke.RunAsync(Me, Organization, invitationId, ct);
        if (!result.IsSuccess)
        {
            if (Refused(result.Error!) is { } refused)
                return refused;
            Show(result.Error!);
            return await LoadAsync(ct);
        }
        Flash = text["InvitationRevoked"];
        return RedirectToPage(new { organizationId = OrganizationId });
    }

    /// <summary>Not this caller's organization to run: the page does not exist for them (404) or is not theirs (403).</summary>
    private IActionResult? Refused(Error error) => error.Kind switch
    {
        ErrorKind.Forbidden => Forbid(),
        ErrorKind.NotFound when error.Code == ErrorCodes.OrganizationNotFound => NotFound(),
        _ => null,
    };

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var all = await list.RunAsync(Me, Organization, ct);
        if (!all.IsSuccess)
            return Refused(all.Error!) ?? NotFound();
        var now = time.GetUtcNow();
        Pending = all.Value.Where(i => i.StatusAt(now) == InvitationStatus.Pending).ToList();
        OrganizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == Organization).Select(o => o.Name).SingleAsync(ct);
        return Page();
    }
}
