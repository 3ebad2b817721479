using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Casework;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Pages.Requests;

public sealed class DetailsModel(
    GetServiceRequest get, UpdateServiceRequest update, RecordResponse respond, ListResponses responses, Contracts.ListContractBalances balances, Resources.PortalText text) : PortalPage
{
    public ServiceRequestView? View { get; private set; }

    public IReadOnlyList<ServiceRequestResponse> Responses { get; private set; } = [];

    /// <summary>What the request's contract has left now (null: unlimited, or no contract).</summary>
    public int? RemainingNow { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct);

    public Task<IActionResult> OnPostCloseAsync(Guid id, string? resolution, CancellationToken ct) =>
        ChangeAsync(id, $"closed\n{resolution}", new UpdateServiceRequestInput("closed", resolution), ct);

    public Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, "open", new UpdateServiceRequestInput("open", null), ct);

    public async Task<IActionResult> OnPostRespondAsync(Guid id, string? message, CancellationToken ct)
    {
        var result = await OnceAsync("servicerequest.respond", $"{id}\n{message}", async () =>
        {
            var answered = await respond.RunAsync(Me, id, new RecordResponseInput(message), ct);
            return answered.IsSuccess ? answered.Value.Request.Id : answered.Error!;
        }, ct);
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

    private async Task<IActionResult> ChangeAsync(Guid id, string asks, UpdateServiceRequestInput input, CancellationToken ct)
    {
        var result = await OnceAsync("servicerequest.update", $"{id}\n{asks}", async () =>
        {
            var changed = await update.RunAsync(Me, id, input, ct);
            return changed.IsSuccess ? changed.Value.Request.Id : changed.Error!;
        }, ct);
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
        if (View.Request.SupportContractId is { } contractId)
            RemainingNow = (await balances.RunAsync([contractId], ct)).GetValueOrDefault(contractId);
        Responses = (await responses.RunAsync(Me, id, ct)).Value;
        return Page();
    }
}
