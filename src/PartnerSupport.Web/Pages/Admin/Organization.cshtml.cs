using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Customers;
using PartnerSupport.Organizations;

namespace PartnerSupport.Web.Pages.Admin;

public sealed class OrganizationModel(
    GetOrganizationDetails details, AddMembership addMembership, CreateUser createUser, CreateCustomer createCustomer, Resources.PortalText text) : PortalPage
{
    public OrganizationDetails? Details { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostMembershipAsync(Guid id, string? offer, string? competency, DateOnly? startDate, DateOnly? endDate, CancellationToken ct) =>
        await AfterAsync(id, await addMembership.RunAsync(Me, id, new AddMembershipInput(offer, string.IsNullOrWhiteSpace(competency) ? null : competency, startDate, endDate), ct), ct);

    public async Task<IActionResult> OnPostUserAsync(Guid id, string? email, string? displayName, string? password, string[]? roles, CancellationToken ct) =>
        await AfterAsync(id, await createUser.RunAsync(Me, id, new CreateUserInput(email, displayName, "work", roles ?? [], password), ct), ct);

    public async Task<IActionResult> OnPostCustomerAsync(Guid id, string? customerName, string? tenantId, string? countryCode, CancellationToken ct) =>
        await AfterAsync(id, await createCustomer.RunAsync(Me, id, new CreateCustomerInput(customerName, tenantId, countryCode), ct), ct);

    private async Task<IActionResult> AfterAsync<T>(Guid id, Result<T> result, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            Flash = text["Saved"];
            return RedirectToPage(new { id });
        }
        if (result.Error!.FieldErrors is null)
            Show(result.Error);
        // Three forms share this page: field errors are shown at the top, named by field.
        foreach (var (field, messages) in result.Error!.FieldErrors ?? new Dictionary<string, string[]>())
            ModelState.AddModelError("", $"{field}: {string.Join(", ", messages)}");
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken ct)
    {
        var result = await details.RunAsync(Me, id, ct);
        if (!result.IsSuccess)
            return result.Error!.Kind == ErrorKind.Forbidden ? Forbid() : NotFound();
        Details = result.Value;
        return Page();
    }
}
