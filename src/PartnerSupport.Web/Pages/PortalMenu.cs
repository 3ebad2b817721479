using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Web.Pages;

/// <summary>
/// Which pages the main menu offers: only those the signed-in account may open, so no link leads
/// to "You are not authorized for this action". The roles alone decide most; the benefits pages
/// also need an organization in the partner program (MPN), which the roles do not say.
/// </summary>
public sealed class PortalMenu(AppDbContext db)
{
    public async Task<bool> ShowsBenefitsAsync(Caller caller) =>
        caller.OrganizationId is { } orgId
        && await db.Organizations.AsNoTracking().AnyAsync(o => o.Id == orgId && o.Programs.HasFlag(Organizations.Programs.Mpn));

    /// <summary>The organization's people and API keys: its own global admins (operators reach any organization's from the back office).</summary>
    public static bool ShowsOrganizationAccounts(Caller caller) => caller.OrganizationId is { } orgId && caller.MayAdminister(orgId);
}
