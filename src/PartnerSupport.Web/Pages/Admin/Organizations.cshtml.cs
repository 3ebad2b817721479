using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Organizations;

namespace PartnerSupport.Web.Pages.Admin;

public sealed class OrganizationDraft
{
    public string? Name { get; set; }
    public string? PartnerId { get; set; }
    public List<string> Programs { get; set; } = ["mpn"];
    public string? CountryCode { get; set; }
}

public sealed class OrganizationsModel(ListOrganizations list, CreateOrganization create) : PortalPage
{
    [BindProperty] public OrganizationDraft Input { get; set; } = new();
    public IReadOnlyList<Organization> Organizations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await OnceAsync("organization.create", $"{Input.Name}\n{Input.PartnerId}\n{string.Join(",", Input.Programs)}\n{Input.CountryCode}", async () =>
        {
            var created = await create.RunAsync(Me, new CreateOrganizationInput(Input.Name, Input.PartnerId, Input.Programs, Input.CountryCode), ct);
            return created.IsSuccess ? created.Value.Id : created.Error!;
        }, ct);
        if (result.IsSuccess)
            return RedirectToPage("/Admin/Organization", new { id = result.Value });
        Show(result.Error!, nameof(Input));
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var result = await list.RunAsync(Me, ct);
        if (!result.IsSuccess)
            return Forbid();
        Organizations = result.Value;
        return Page();
    }
}
