using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Pages.Requests;

public sealed class IndexModel(ListServiceRequests list) : PortalPage
{
    public ServiceRequestPage? Requests { get; private set; }

    public async Task OnGetAsync(string? after, CancellationToken ct)
    {
        var result = await list.RunAsync(Me, after, ct);
        if (result.IsSuccess)
            Requests = result.Value;
        else
            Show(result.Error!);
    }
}
