using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Contracts;
using PartnerSupport.Products;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Pages.Support;

public sealed class RequestDraft
{
    public Guid? ProductId { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Severity { get; set; } = "moderate";
    public string? SupportTopicId { get; set; }
}

/// <summary>
/// Support for Business: step 1 the product and the problem, step 2 the contract (pick a linked
/// one or add one by its IDs), with the unavailable plans and their reasons one click away.
/// Step 1's answers travel in hidden fields, so nothing typed is lost on the way.
/// </summary>
public sealed class NewModel(ListProducts products, ListContracts contracts, LinkContract link, CreateServiceRequest create, Resources.PortalText text) : PortalPage
{
    [BindProperty] public RequestDraft Input { get; set; } = new();
    [BindProperty] public Guid? ContractChoice { get; set; }
    [BindProperty] public string? AccessId { get; set; }
    [BindProperty] public string? ContractId { get; set; }

    public int Step { get; private set; } = 1;
    public IReadOnlyList<ProductView> Products { get; private set; } = [];
    public Product? SelectedProduct { get; private set; }
    public ContractList? Contracts { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Products = (await products.RunAsync(null, ct)).Value;

    public async Task<IActionResult> OnPostStep1Async(CancellationToken ct)
    {
        if (Input.ProductId is null)
            ModelState.AddModelError("Input.ProductId", text["SelectProduct"]);
        if (string.IsNullOrWhiteSpace(Input.Title))
            ModelState.AddModelError("Input.Title", text["EnterTitle"]);
        if (string.IsNullOrWhiteSpace(Input.Description))
            ModelState.AddModelError("Input.Description", text["EnterDescription"]);
        if (!ModelState.IsValid)
            return await StepOneAsync(ct);
        return await StepTwoAsync(ct);
    }

    /// <summary>Back to step 1 with everything typed there still filled in.</summary>
    public Task<IActionResult> OnPostBackAsync(CancellationToken ct) => StepOneAsync(ct);

    public async Task<IActionResult> OnPostLinkAsync(CancellationToken ct)
    {
        var result = await OnceAsync("contract.link", $"{AccessId}\n{ContractId}",
() => LinkAsync(ct), ct);
        if (result.IsSuccess)
        {
            ViewData["Flash"] = text["ContractLinked"];
            ContractChoice = result.Value;
            AccessId = ContractId = null;
        }
        else
        {
            Show(result.Error!, fields: LinkFields, missing: new Dictionary<string, string>
            {
                ["accessId"] = text["EnterAccessId"],
                ["contractId"] = text["EnterContractId"],
            });
        }
        return await StepTwoAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var result = await create.RunAsync(Me, System.Globalization.CultureInfo.CurrentUICulture.Name is { Length: > 0 } c ? c : "en-US",
            new CreateServiceRequestInput(Input.Title, Input.Description, Input.Severity, Input.ProductId, ContractChoice, null, Input.SupportTopicId), SubmissionKey, ct: ct);
        if (!result.IsSuccess)
        {
            // A refusal about the request itself belongs to the contract chosen for it.
            Show(result.Error!, at: nameof(ContractChoice), fields: CreateFields, missing: new Dictionary<string, string>
            {
                ["productId"] = text["SelectProduct"],
                ["title"] = text["EnterTitle"],
                ["description"] = text["EnterDescription"],
                ["supportContractId"] = text["ChooseContractRequired"],
            });
            // Problems with what step 1 asked are shown on step 1, next to the fields to correct.
            var stepOne = result.Error!.FieldErrors?.Keys.Any(k => CreateFields.GetValueOrDefault(k)?.StartsWith("Input.", StringComparison.Ordinal) == true) == true;
            return stepOne ? await StepOneAsync(ct) : await StepTwoAsync(ct);
        }
        Flash = text["RequestCreated"];
        return RedirectToPage("/Requests/Details", new { id = result.Value.Request.Id });
    }

    private static readonly Dictionary<string, string> LinkFields = new()
    {
        ["accessId"] = nameof(AccessId),
        ["contractId"] = nameof(ContractId),
    };

    private static readonly Dictionary<string, string> CreateFields = new()
    {
        ["productId"] = "Input.ProductId",
        ["title"] = "Input.Title",
        ["description"] = "Input.Description",
        ["severity"] = "Input.Severity",
        ["supportTopicId"] = "Input.SupportTopicId",
        ["supportContractId"] = nameof(ContractChoice),
    };

    private async Task<IActionResult> StepOneAsync(CancellationToken ct)
    {
        Step = 1;
        Products = (await products.RunAsync(null, ct)).Value;
        return Page();
    }

    private async Task<IActionResult> StepTwoAsync(CancellationToken ct)
    {
        var all = (await products.RunAsync(null, ct)).Value;
        SelectedProduct = all.FirstOrDefault(p => p.Product.Id == Input.ProductId)?.Product;
        if (SelectedProduct is null)
        {
            Products = all;
            ModelState.AddModelError("Input.ProductId", text["SelectProduct"]);
            return Page();
        }
        Step = 2;
        Contracts = (await contracts.RunAsync(Me, SelectedProduct.Id, ct)).Value;
        // With one usable contract there is nothing to choose; with several, the person chooses.
        if (Contracts.Available.Count == 1 && Contracts.Available[0].Contract.Id != ContractChoice)
            ContractChoice = Contracts.Available[0].Contract.Id;
        return Page();
    }

    private async Task<Common.Result<Guid>> LinkAsync(CancellationToken ct)
    {
        var linked = await link.RunAsync(Me, new LinkContractInput(AccessId, ContractId), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return linked.IsSuccess ? linked.Value.Id : linked.Error!;
    }
}
