using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Common;
using PartnerSupport.Entitlements;

namespace PartnerSupport.Web.Pages.Admin;

public sealed class ActivationsModel(ListActivations list, NameActivations names, CompleteActivation approve, RejectActivation reject, Resources.PortalText text) : PortalPage
{
    public IReadOnlyList<Activation> Pending { get; private set; } = [];

    public IReadOnlyDictionary<Guid, ActivationNames> Names { get; private set; } = new Dictionary<Guid, ActivationNames>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    // A decision sent twice (a reload, a double click) shows the first decision's result instead of "not pending".
    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(await OnceAsync("activation.approve", $"{id}", async () => Outcome(await approve.RunAsync(Me, id, ct)), ct), ct);

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? reason, CancellationToken ct) =>
        await AfterAsync(await OnceAsync("activation.reject", $"{id}\n{reason}", async () => Outcome(await reject.RunAsync(Me, id, reason, ct)), ct), ct);

    private static Result<Guid> Outcome(Result<Activation> result) => result.IsSuccess ? result.Value.Id : result.Error!;

    private async Task<IActionResult> AfterAsync(Result<Guid> result, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            Flash = text["Saved"];
            return RedirectToPage();
        }
        Show(result.Error!);
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var result = await list.RunAsync(Me, "pending", ct);
        if (!result.IsSuccess)
            return Forbid();
        Pending = result.Value;
        Names = await names.RunAsync(Pending, ct);
        return Page();
    }
}
