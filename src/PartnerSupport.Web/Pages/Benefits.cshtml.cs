using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Entitlements;

namespace PartnerSupport.Web.Pages;

public sealed class BenefitsModel(ListBenefits list, ActivateBenefit activate, Alerts.ListAlerts alerts, Resources.PortalText text) : PortalPage
{
    public BenefitList? List { get; private set; }

    /// <summary>The organization's alerts, for its admins: the page where they act on contracts points to them.</summary>
    public int AlertCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostActivateAsync(Guid id, CancellationToken ct)
    {
        var result = await OnceAsync("benefit.activate", id.ToString(), async () =>
        {
            var activation = await activate.RunAsync(Me, id, ct);
            return activation.IsSuccess ? activation.Value.Id : activation.Error!;
        }, ct);
        if (!result.IsSuccess)
        {
            Show(result.Error!);
            await LoadAsync(ct);
            return Page();
        }
        Flash = text["ActivationRequested"];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var result = await list.RunAsync(Me, ct);
        if (result.IsSuccess)
            List = result.Value;
        else
            Show(result.Error!);
        if (Me.IsPartnerAdmin && (await alerts.RunAsync(Me, ct)) is { IsSuccess: true } raised)
            AlertCount = raised.Value.Count;
    }
}
