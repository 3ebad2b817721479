using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Contracts;
using PartnerSupport.Entitlements;
using PartnerSupport.Plans;

namespace PartnerSupport.Web.Pages;

/// <summary>Compare and purchase Premier and Advanced Support for Partners.</summary>
public sealed class PlansModel(BenefitCatalog catalog, PurchasePlan purchase, GetContract getContract, Resources.PortalText text) : PortalPage
{
    public IReadOnlyList<SupportPlan> Plans => catalog.Plans;
    public SupportContract? Purchased { get; private set; }

    [TempData] public Guid? PurchasedId { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (PurchasedId is { } id && await getContract.RunAsync(Me, id, ct) is { IsSuccess: true } view)
            Purchased = view.Value.Contract;
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var result = await purchase.RunAsync(Me, id, ct);
        if (!result.IsSuccess)
        {
            Show(result.Error!);
            return Page();
        }
        // Redirect after the purchase, so reloading the page shows it again instead of buying again.
        Flash = text["Purchased"];
        PurchasedId = result.Value.Contract.Id;
        return RedirectToPage();
    }
}
