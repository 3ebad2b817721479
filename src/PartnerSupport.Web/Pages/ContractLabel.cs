using PartnerSupport.Contracts;
using PartnerSupport.Resources;
using PartnerSupport.Web.Api;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages;

/// <summary>
/// How a contract is named wherever one is listed or chosen: two contracts of the same name
/// (two organizations' "Microsoft Product Support") are told apart by organization, offer and IDs.
/// The Access ID is shown by its last characters only, enough to recognize it, not to use it.
/// </summary>
public static class ContractLabel
{
    public static string For(ContractView view, PortalText text)
    {
        var c = view.Contract;
        var origin = view.Offer is { } offer
            ? text.Of("Offer", Dtos.Name(offer)) + (view.Competency is { Length: > 0 } competency ? " " + competency : "")
            : c.Source == ContractSource.Purchase ? text["PurchasedPlan"] : null;
        var parts = new List<string?>
        {
            view.OrganizationName,
            origin,
            $"{text["ContractId"]} {c.ContractId}",
            $"{text["AccessId"]} {MaskedAccessId(c.AccessId)}",
            $"{PortalFormat.Date(c.StartDate)} – {PortalFormat.Date(c.EndDate)}",
            $"{text["IncidentsRemaining"]}: {(c.RemainingIncidents is { } left ? PortalFormat.Number(left) : text["Unlimited"])}",
        };
        return CatalogNames.Of(c.Name) + " — " + string.Join(" · ", parts.Where(p => !string.IsNullOrEmpty(p)));
    }

    public static string MaskedAccessId(string accessId) =>
        accessId.Length <= 4 ? accessId : "…" + accessId[^4..];
}
