using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Contracts;

namespace PartnerSupport.Web.Pages.Support;

/// <summary>Help + support, Support plans: the linked contracts and "Link support benefits".</summary>
public sealed class PlansModel(ListContracts contracts, LinkContract link, Resources.PortalText text) : PortalPage
{
    [BindProperty] public string? AccessId { get; set; }
    [BindProperty] public string? ContractId { get; set; }

    public ContractList? Contracts { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Contracts = (await contracts.RunAsync(Me, null, ct)).Value;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await link.RunAsync(Me, new LinkContractInput(AccessId, ContractId), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (result.IsSuccess)
        {
            Flash = text["ContractLinked"];
            return RedirectToPage();
        }
        Show(result.Error!);
        Contracts = (await contracts.RunAsync(Me, null, ct)).Value;
        return Page();
    }
}
