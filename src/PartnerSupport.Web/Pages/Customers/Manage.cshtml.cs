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

/// <summary>
/// Customers, the customer, Service management: its requests and New request. Workloads other than
/// Azure need a support contract, so the contract can be added here, by its IDs, without leaving.
/// </summary>
public sealed class ManageModel(
    ListCustomerServiceRequests requests, CreateCustomerServiceRequest create, ListProducts products, ListContracts contracts, LinkContract link,
    Resources.PortalText text) : PortalPage
{
    [BindProperty(SupportsGet = true)] public string TenantId { get; set; } = "";
    [BindProperty] public CustomerRequestDraft Input { get; set; } = new();
    [BindProperty] public string? AccessId { get; set; }
    [BindProperty] public string? ContractId { get; set; }

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
                csp ? CreateServiceRequest.CspPlan : null, null, Input.Workload), SubmissionKey, ct);
        if (result.IsSuccess)
        {
            Flash = text["RequestCreated"];
            return RedirectToPage(new { tenantId = TenantId });
        }
        var error = result.Error!;
        if (error.FieldErrors is { } fields && fields.ContainsKey("supportContractId"))
        {
            // The use case says it in the API's English; the page says it in the person's language.
            var workload = Workloads.All.FirstOrDefault(w => w.Id == Input.Workload)?.Name ?? Input.Workload ?? "";
            ModelState.AddModelError("Input.SupportContractId", text.Format("WorkloadNeedsContract", workload));
            error = error with { FieldErrors = fields.Where(f => f.Key != "supportContractId").ToDictionary() };
        }
        Show(error, nameof(Input), at: "Input.SupportContractId");
        // The plan or contract chosen cannot take this request: the way forward is a contract that can.
        if (ModelState["Input.SupportContractId"] is { Errors.Count: > 0 } refused)
        {
            var said = string.Join(" ", refused.Errors.Select(e => e.ErrorMessage));
            refused.Errors.Clear();
            ModelState.AddModelError("Input.SupportContractId", said + " " + text["AddContractNextStep"]);
        }
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostLinkAsync(CancellationToken ct)
    {
        // Only the customer's admin agents reach this form; the page answers others as its GET does.
        if (await requests.RunAsync(Me, TenantId, ct) is { IsSuccess: false } refused)
            return refused.Error!.Kind == Common.ErrorKind.Forbidden ? Forbid() : NotFound();
        var result = await OnceAsync("contract.link", $"{AccessId}\n{ContractId}", async () =>
        {
            var linked = await link.RunAsync(Me, new LinkContractInput(AccessId, ContractId), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            return linked.IsSuccess ? linked.Value.Id : linked.Error!;
        }, ct);
        if (result.IsSuccess)
        {
            ViewData["Flash"] = text["ContractLinked"];
            Input.SupportContractId = result.Value.ToString();
            AccessId = ContractId = null;
            ModelState.Clear();
        }
        else
        {
            Show(result.Error!, fields: new Dictionary<string, string> { ["accessId"] = nameof(AccessId), ["contractId"] = nameof(ContractId) },
                missing: new Dictionary<string, string> { ["accessId"] = text["EnterAccessId"], ["contractId"] = text["EnterContractId"] });
        }
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
