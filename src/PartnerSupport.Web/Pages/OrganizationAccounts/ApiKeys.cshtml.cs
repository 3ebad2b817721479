using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Accounts;
using PartnerSupport.Common;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages.OrganizationAccounts;

/// <summary>
/// An organization's API keys for its global admins (and operators, through
/// <c>?organizationId=</c>): the same use cases as <c>/v1/organizations/{id}/apikeys</c>. A new
/// key is shown on the answer to the form itself, never stored for a later page.
/// </summary>
public sealed class ApiKeysModel(ListApiKeys list, CreateApiKey create, RevokeApiKey revoke, PortalText text) : PortalPage
{
    [BindProperty(SupportsGet = true)]
    public Guid? OrganizationId { get; set; }

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    /// <summary>The key just made, in full: on this answer only.</summary>
    public string? NewKey { get; private set; }

    [BindProperty]
    public NewApiKey Input { get; set; } = new();

    public sealed class NewApiKey
    {
        public string? Name { get; set; }
        public List<string> Roles { get; set; } = [];

        /// <summary>The key stops working at the start of this day (UTC); none: it works until revoked.</summary>
        public DateOnly? ExpiresOn { get; set; }
    }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (Organization is not { } orgId)
            return NotFound();
        // A date the browser sent that is no date must not make a key that never expires.
        if (ModelState.GetFieldValidationState("Input.ExpiresOn") == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.Remove("Input.ExpiresOn");
            ModelState.AddModelError("Input.ExpiresOn", text["ApiKeyExpiresInvalid"]);
            return await LoadAsync(ct);
        }
        DateTimeOffset? expires = Input.ExpiresOn is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        string? secret = null;
        var result = await OnceAsync("apikey.create", $"{orgId}\n{Input.Name}\n{string.Join(' ', Input.Roles)}\n{Input.ExpiresOn}", async () =>
        {
            var made = await create.RunAsync(Me, orgId, new CreateApiKeyInput(Input.Name, Input.Roles, expires), ct);
            if (!made.IsSuccess)
                return made.Error!;
            secret = made.Value.Secret;
            return made.Value.Key.Id;
        }, ct);
        if (!result.IsSuccess)
        {
            if (Refusal(result.Error!) is { } refusal)
                return refusal;
            Show(result.Error!, prefix: nameof(Input), fields: new Dictionary<string, string> { ["expiresAt"] = "Input.ExpiresOn" });
            return await LoadAsync(ct);
        }
        // A form sent again gets no second key: the first answer was the only one to carry it.
        if (secret is null)
            Notice = text["FormAlreadySent"];
        NewKey = secret;
        ViewData["Flash"] = text["ApiKeyCreated"];
        Input = new();
        ModelState.Clear();
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId, CancellationToken ct)
    {
        if (Organization is not { } orgId)
            return NotFound();
        var result = await OnceAsync("apikey.revoke", $"{orgId}\n{keyId}", async () =>
        {
            var revoked = await revoke.RunAsync(Me, orgId, keyId, ct);
            return revoked.IsSuccess ? revoked.Value.Id : revoked.Error!;
        }, ct);
        if (!result.IsSuccess)
        {
            if (Refusal(result.Error!) is { } refusal)
                return refusal;
            Show(result.Error!);
            return await LoadAsync(ct);
        }
        Flash = text["ApiKeyRevoked"];
        return RedirectToPage(new { organizationId = OrganizationId });
    }

    private IActionResult? Refusal(Error error) => error.Kind switch
    {
        ErrorKind.Forbidden => Forbid(),
        ErrorKind.NotFound when error.Code == ErrorCodes.OrganizationNotFound => NotFound(),
        _ => null,
    };

    private Guid? Organization => OrganizationId ?? Me.OrganizationId;

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        if (Organization is not { } orgId)
            return NotFound();
        var keys = await list.RunAsync(Me, orgId, ct);
        if (!keys.IsSuccess)
            return Refusal(keys.Error!) ?? NotFound();
        Keys = keys.Value;
        return Page();
    }
}
