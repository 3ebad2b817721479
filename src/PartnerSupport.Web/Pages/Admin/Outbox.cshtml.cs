using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Common;
using PartnerSupport.Notifications;

namespace PartnerSupport.Web.Pages.Admin;

/// <summary>Both outboxes, e-mail and webhook, for operators: the same use case and filters as <c>GET /v1/outbox</c>.</summary>
public sealed class OutboxModel(ListOutbox list) : PortalPage
{
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<OutboxItem> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // "Any" is sent as an empty choice: no filter, as when the parameter is left out.
        var result = await list.RunAsync(Me, NullIfEmpty(Kind), NullIfEmpty(Status), ct);
        if (!result.IsSuccess)
        {
            if (result.Error!.Kind == ErrorKind.Forbidden)
                return Forbid();
            Show(result.Error, fields: new Dictionary<string, string> { ["kind"] = "kind", ["status"] = "status" });
            return Page();
        }
        Items = result.Value;
        return Page();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
