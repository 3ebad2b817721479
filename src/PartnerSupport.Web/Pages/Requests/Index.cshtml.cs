using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Pages.Requests;

public sealed class IndexModel(ListServiceRequests list, Contracts.ListContractBalances balances) : PortalPage
{
    public ServiceRequestPage? Requests { get; private set; }

    /// <summary>Each listed contract's balance now (null: unlimited), read once for the whole list.</summary>
    public IReadOnlyDictionary<Guid, int?> RemainingNow { get; private set; } = new Dictionary<Guid, int?>();

    public async Task OnGetAsync(string? after, CancellationToken ct)
    {
        var result = await list.RunAsync(Me, after, ct);
        if (result.IsSuccess)
        {
            Requests = result.Value;
            RemainingNow = await balances.RunAsync(Requests.Items.Select(v => v.Request.SupportContractId), ct);
        }
        else
            Show(result.Error!);
    }
}
