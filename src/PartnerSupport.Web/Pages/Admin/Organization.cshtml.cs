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
        await AfterAsync(id, await OnceAsync("organization.membership", $"{id}\n{offer}\n{competency}\n{startDate}\n{endDate}", async () => Outcome(
            await addMembership.RunAsync(Me, id, new AddMembershipInput(offer, string.IsNullOrWhiteSpace(competency) ? null : competency, startDate, endDate), ct), m => m.Id), ct), ct);

    // The password stays out of what the idempotency store remembers: the e-mail names the user.
    public async Task<IActionResult> OnPostUserAsync(Guid id, string? email, string? displayName, string? password, string[]? roles, CancellationToken ct) =>
        await AfterAsync(id, await OnceAsync("organization.user", $"{id}\n{email}\n{displayName}\n{string.Join(",", roles ?? [])}", async () => Outcome(
            await createUser.RunAsync(Me, id, new CreateUserInput(email, displayName, "work", roles ?? [], password), ct), u => u.Id), ct), ct);

    public async Task<IActionResult> OnPostCustomerAsync(Guid id, string? customerName, string? tenantId, string? countryCode, CancellationToken ct) =>
        await AfterAsync(id, await OnceAsync("organization.customer", $"{id}\n{customerName}\n{tenantId}\n{countryCode}", async () => Outcome(
            await createCustomer.RunAsync(Me, id, new CreateCustomerInput(customerName, tenantId, countryCode), ct), c => c.Id), ct), ct);

    private static Result<Guid> Outcome<T>(Result<T> result, Func<T, Guid> id) => result.IsSuccess ? id(result.Value) : result.Error!;

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
