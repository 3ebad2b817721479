using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Contracts;
using PartnerSupport.Entitlements;
using PartnerSupport.Plans;

namespace PartnerSupport.Web.Pages;

/// <summary>
/// Compare and purchase Premier and Advanced Support for Partners. Purchase first shows a review
/// (plan, price, currency, what it grants); only Confirm buys, and once per review.
/// </summary>
public sealed class PlansModel(BenefitCatalog catalog, PurchasePlan purchase, GetContract getContract, Resources.PortalText text) : PortalPage
{
    public IReadOnlyList<SupportPlan> Plans => catalog.Plans;
    public SupportContract? Purchased { get; private set; }

    /// <summary>The plan being reviewed before it is bought.</summary>
    public SupportPlan? Review { get; private set; }

    [TempData] public Guid? PurchasedId { get; set; }

    public async Task OnGetAsync(string? review, CancellationToken ct)
    {
        if (review is not null)
        {
            Review = Plans.FirstOrDefault(p => p.Id == review);
            if (Review is null)
                ModelState.AddModelError("", PartnerSupport.Resources.Messages.Get("PlanNotFound"));
        }
        if (PurchasedId is { } id && await getContract.RunAsync(Me, id, ct) is { IsSuccess: true } view)
            Purchased = view.Value.Contract;
    }

    public async Task<IActionResult> OnPostConfirmAsync(string id, CancellationToken ct)
    {
        var result = await OnceAsync("plan.purchase", id, async () =>
        {
            var bought = await purchase.RunAsync(Me, id, ct);
            return bought.IsSuccess ? bought.Value.Contract.Id : bought.Error!;
        }, ct);
        if (!result.IsSuccess)
        {
            Show(result.Error!);
            Review = Plans.FirstOrDefault(p => p.Id == id);
            return Page();
        }
        // Redirect after the purchase, so reloading the page shows it again instead of buying again.
        Flash = text["Purchased"];
        PurchasedId = result.Value;
        return RedirectToPage();
    }
}
