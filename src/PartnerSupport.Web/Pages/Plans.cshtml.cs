using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Contracts;
using PartnerSupport.Entitlements;
using PartnerSupport.Plans;

namespace PartnerSupport.Web.Pages;

/// <summary>Compare and purchase Premier and Advanced Support for Partners.</summary>
public sealed class PlansModel(BenefitCatalog catalog, PurchasePlan purchase, Resources.PortalText text) : PortalPage
{
    public IReadOnlyList<SupportPlan> Plans => catalog.Plans;
    public SupportContract? Purchased { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var result = await purchase.RunAsync(Me, id, ct);
        if (!result.IsSuccess)
        {
            Show(result.Error!);
            return Page();
        }
        ViewData["Flash"] = text["Purchased"];
        Purchased = result.Value.Contract;
        return Page();
    }
}
