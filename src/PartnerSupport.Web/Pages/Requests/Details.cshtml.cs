using Microsoft.AspNetCore.Mvc;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Pages.Requests;

public sealed class DetailsModel(GetServiceRequest get, UpdateServiceRequest update, RecordResponse respond, ListResponses responses, Resources.PortalText text) : PortalPage
{
    public ServiceRequestView? View { get; private set; }

    public IReadOnlyList<ServiceRequestResponse> Responses { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct);

    public Task<IActionResult> OnPostCloseAsync(Guid id, string? resolution, CancellationToken ct) =>
        ChangeAsync(id, new UpdateServiceRequestInput("closed", resolution), ct);

    public Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, new UpdateServiceRequestInput("open", null), ct);

    public async Task<IActionResult> OnPostRespondAsync(Guid id, string? message, CancellationToken ct)
    {
        var result = await respond.RunAsync(Me, id, new RecordResponseInput(message), ct);
        if (result.IsSuccess)
        {
            Flash = text["Saved"];
            return RedirectToPage(new { id });
        }
        if (result.Error!.Kind == Common.ErrorKind.Forbidden)
            return Forbid();
        Show(result.Error!);
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> ChangeAsync(Guid id, UpdateServiceRequestInput input, CancellationToken ct)
    {
        var result = await update.RunAsync(Me, id, input, ct);
        if (result.IsSuccess)
            return RedirectToPage(new { id });
        Show(result.Error!);
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken ct)
    {
        var result = await get.RunAsync(Me, id, ct);
        if (!result.IsSuccess)
            return NotFound();
        View = result.Value;
        Responses = (await responses.RunAsync(Me, id, ct)).Value;
        return Page();
    }
}
