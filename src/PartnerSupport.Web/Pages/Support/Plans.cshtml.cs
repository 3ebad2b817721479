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
        var result = await OnceAsync("contract.link", $"{AccessId}\n{ContractId}",
() => LinkAsync(ct), ct);
        if (result.IsSuccess)
        {
            Flash = text["ContractLinked"];
            return RedirectToPage();
        }
        Show(result.Error!, fields: new Dictionary<string, string> { ["accessId"] = nameof(AccessId), ["contractId"] = nameof(ContractId) },
            missing: new Dictionary<string, string> { ["accessId"] = text["EnterAccessId"], ["contractId"] = text["EnterContractId"] });
        Contracts = (await contracts.RunAsync(Me, null, ct)).Value;
        return Page();
    }

    private async Task<Common.Result<Guid>> LinkAsync(CancellationToken ct)
    {
        var linked = await link.RunAsync(Me, new LinkContractInput(AccessId, ContractId), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return linked.IsSuccess ? linked.Value.Id : linked.Error!;
    }
}
