using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Contracts;
using PartnerSupport.Customers;
using PartnerSupport.Products;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Pages.Customers;

public sealed class CustomerRequestDraft
{
    public string? Workload { get; set; } = "azure";
    public Guid? ProductId { get; set; }
    public string? SupportContractId { get; set; } = "csp";
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Severity { get; set; } = "moderate";
}

/// <summary>Customers, the customer, Service management: its requests and New request.</summary>
public sealed class ManageModel(
    ListCustomerServiceRequests requests, CreateCustomerServiceRequest create, ListProducts products, ListContracts contracts, Resources.PortalText text) : PortalPage
{
    [BindProperty(SupportsGet = true)] public string TenantId { get; set; } = "";
    [BindProperty] public CustomerRequestDraft Input { get; set; } = new();

    public IReadOnlyList<ServiceRequestView> Requests { get; private set; } = [];
    public IReadOnlyList<ProductView> Products { get; private set; } = [];
    public IReadOnlyList<ContractView> Contracts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var csp = Input.SupportContractId == "csp";
        var contractId = !csp && Guid.TryParse(Input.SupportContractId, out var id) ? id : (Guid?)null;
        var result = await create.RunAsync(Me, TenantId, System.Globalization.CultureInfo.CurrentUICulture.Name is { Length: > 0 } c ? c : "en-US",
            new CreateServiceRequestInput(Input.Title, Input.Description, Input.Severity, Input.ProductId, contractId,
                csp ? CreateServiceRequest.CspPlan : null, null, Input.Workload), null, ct);
        if (result.IsSuccess)
        {
            Flash = text["RequestCreated"];
            return RedirectToPage(new { tenantId = TenantId });
        }
        Show(result.Error!, nameof(Input));
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var list = await requests.RunAsync(Me, TenantId, ct);
        if (!list.IsSuccess)
            return list.Error!.Kind == Common.ErrorKind.Forbidden ? Forbid() : NotFound();
        Requests = list.Value;
        Products = (await products.RunAsync("cloud", ct)).Value;
        Contracts = (await contracts.RunAsync(Me, null, ct)).Value.Available.Where(c => c.Contract.Covers(ProductKind.Cloud)).ToList();
        return Page();
    }
}
