using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages.OrganizationAccounts;

/// <summary>
/// An organization's people for its global admins (and operators, any organization through
/// <c>?organizationId=</c>): the same use cases as <c>/v1/organizations/{id}/users</c>. A refusal
/// (the last global admin) is shown next to the row it concerns.
/// </summary>
public sealed class UsersModel(ListOrganizationUsers list, UpdateOrganizationUser update, PortalText text) : PortalPage
{
    /// <summary>The roles a global admin gives in the organization, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<string> OrganizationRoles = ["globalAdmin", "mpnPartnerAdmin", "adminAgent"];

    /// <summary>The organization shown: the one asked for, else the caller's own.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? OrganizationId { get; set; }

    public IReadOnlyList<User> People { get; private set; } = [];

    /// <summary>Where a refusal about one person's row is kept, so the page shows it in that row.</summary>
    public static string RowKey(Guid userId) => $"user-{userId:N}";

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostRolesAsync(Guid userId, List<string> roles, CancellationToken ct) =>
        await ChangeAsync(userId, new UpdateOrganizationUserInput(roles, null), "user.roles", string.Join(' ', roles.Order(StringComparer.Ordinal)), "UserRolesSaved", ct);

    public async Task<IActionResult> OnPostDisabledAsync(Guid userId, bool disabled, CancellationToken ct) =>
        await ChangeAsync(userId, new UpdateOrganizationUserInput(null, disabled), "user.disabled", disabled ? "true" : "false",
            disabled ? "UserDisabled" : "UserEnabled", ct);

    private async Task<IActionResult> ChangeAsync(Guid userId, UpdateOrganizationUserInput input, string action, string asks, string done, CancellationToken ct)
    {
        if (Organization is not { } orgId)
            return NotFound();
        var result = await OnceAsync(action, $"{orgId}\n{userId}\n{asks}", async () =>
        {
            var changed = await update.RunAsync(Me, orgId, userId, input, ct);
            return changed.IsSuccess ? changed.Value.Id : changed.Error!;
        }, ct);
        if (!result.IsSuccess)
        {
            switch (result.Error!.Kind)
            {
                case ErrorKind.Forbidden:
                    return Forbid();
                case ErrorKind.NotFound when result.Error.Code == ErrorCodes.OrganizationNotFound:
                    return NotFound();
            }
            // A person not (or no longer) in the list has no row to show the refusal in.
            if (result.Error.Code == ErrorCodes.UserNotFound)
            {
                Show(result.Error);
                return await LoadAsync(ct);
            }
            var row = RowKey(userId);
            Show(result.Error, at: row, fields: new Dictionary<string, string> { ["roles"] = row, ["disabled"] = row });
            return await LoadAsync(ct);
        }
        Flash = text[done];
        return RedirectToPage(new { organizationId = OrganizationId });
    }

    private Guid? Organization => OrganizationId ?? Me.OrganizationId;

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        if (Organization is not { } orgId)
            return NotFound();
        var people = await list.RunAsync(Me, orgId, ct);
        if (!people.IsSuccess)
            return people.Error!.Kind == ErrorKind.Forbidden ? Forbid() : NotFound();
        People = people.Value;
        return Page();
    }
}
