using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Customers;

namespace PartnerSupport.Web.Pages.Customers;

public sealed class IndexModel(ListCustomers list) : PortalPage
{
    public IReadOnlyList<Customer>? Customers { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await list.RunAsync(Me, ct);
        if (!result.IsSuccess)
            return Forbid();
        Customers = result.Value;
        return Page();
    }
}
