using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Alerts;

namespace PartnerSupport.Web.Pages;

public sealed class AlertsModel(ListAlerts list) : PortalPage
{
    public IReadOnlyList<AlertView>? Alerts { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await list.RunAsync(Me, ct);
        if (!result.IsSuccess)
            return Forbid();
        Alerts = result.Value;
        return Page();
    }
}
