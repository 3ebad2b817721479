using Microsoft.EntityFrameworkCore;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

/// <summary>Who may run an organization's accounts and keys, answered the same way by every such use case.</summary>
internal static class OrganizationAdministration
{
    /// <summary>
    /// Null when the caller may. Outsiders learn nothing about the organization (404, as for one
    /// that does not exist); its own people without the role are told they may not (403).
    /// </summary>
    public static async Task<Error?> RefuseAsync(AppDbContext db, Caller caller, Guid organizationId, CancellationToken ct)
    {
        if (!caller.IsOperator && caller.OrganizationId != organizationId)
            return Error.NotFound(ErrorCodes.OrganizationNotFound, "OrganizationNotFound");
        if (!caller.MayAdminister(organizationId))
            return Error.Forbidden();
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct))
            return Error.NotFound(ErrorCodes.OrganizationNotFound, "OrganizationNotFound");
        return null;
    }
}
