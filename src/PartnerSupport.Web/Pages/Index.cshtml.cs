using PartnerSupport.Alerts;
using PartnerSupport.Contracts;
using PartnerSupport.Entitlements;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Pages;

/// <summary>
/// The home page: what needs the signed-in person now and what they can do, read through the same
/// use cases as the pages it points to (each shown only when the person's roles allow it).
/// </summary>
public sealed class IndexModel(
    ListContracts contracts, ListServiceRequests requests, ListBenefits benefits, ListActivations activations, ListAlerts alerts) : PortalPage
{
    /// <summary>How many open requests the home page lists; the rest are on My requests.</summary>
    public const int OpenRequestsShown = 5;

    public ContractList? Contracts { get; private set; }
    public IReadOnlyList<ServiceRequestView> OpenRequests { get; private set; } = [];
    public bool MoreOpenRequests { get; private set; }
    public IReadOnlyList<Benefit> BenefitsToActivate { get; private set; } = [];
    public IReadOnlyList<Benefit> BenefitsInActivation { get; private set; } = [];
    public int? PendingActivations { get; private set; }
    public IReadOnlyList<AlertView> Alerts { get; private set; } = [];

    public bool NeedsAttention =>
        Alerts.Count > 0 || BenefitsToActivate.Count > 0 || PendingActivations > 0 || (Contracts?.Unavailable.Count ?? 0) > 0;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await contracts.RunAsync(Me, null, ct) is { IsSuccess: true } linked)
            Contracts = linked.Value;
        if (await requests.RunAsync(Me, null, ct) is { IsSuccess: true } page)
        {
            var open = page.Value.Items.Where(v => v.Request.Status == ServiceRequestStatus.Open).ToList();
            OpenRequests = open.Take(OpenRequestsShown).ToList();
            MoreOpenRequests = open.Count > OpenRequestsShown || page.Value.ContinuationToken is not null;
        }
        if (Me.IsPartnerAdmin && Me.OrganizationId is not null && await benefits.RunAsync(Me, ct) is { IsSuccess: true } list)
        {
            BenefitsToActivate = list.Value.Items.Where(b => b.CanActivate).ToList();
            BenefitsInActivation = list.Value.Items.Where(b => b.ActivationState == ActivationState.Pending).ToList();
        }
        if (Me.IsOperator && await activations.RunAsync(Me, "pending", ct) is { IsSuccess: true } pending)
            PendingActivations = pending.Value.Count;
        if ((Me.IsOperator || (Me.IsPartnerAdmin && Me.OrganizationId is not null)) && await alerts.RunAsync(Me, ct) is { IsSuccess: true } raised)
            Alerts = raised.Value;
    }
}
