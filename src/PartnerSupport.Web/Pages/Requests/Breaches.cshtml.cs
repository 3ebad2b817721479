using Microsoft.AspNetCore.Mvc;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Pages.Requests;

/// <summary>Requests that missed their response target: every organization's for operators, their own for organization admins.</summary>
public sealed class BreachesModel(ListBreaches list) : PortalPage
{
    public IReadOnlyList<ServiceRequestView> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await list.RunAsync(Me, ct);
        if (!result.IsSuccess)
            return Forbid();
        Items = result.Value;
        return Page();
    }
}
