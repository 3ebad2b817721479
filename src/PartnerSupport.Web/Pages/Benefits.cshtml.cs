using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Entitlements;

namespace PartnerSupport.Web.Pages;

public sealed class BenefitsModel(ListBenefits list, ActivateBenefit activate, Resources.PortalText text) : PortalPage
{
    public BenefitList? List { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostActivateAsync(Guid id, CancellationToken ct)
    {
        var result = await activate.RunAsync(Me, id, ct);
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
    }
}
