using System.ComponentModel;
using PartnerSupport.Alerts;

namespace PartnerSupport.Web.Api;

/// <summary>A contract running low or ending soon; the figures are those when it was raised.</summary>
public sealed record AlertDto(
    Guid Id,
    [property: OneOf("lowBalance", "endingSoon")] string Kind,
    Guid SupportContractId,
    string ContractName,
    Guid OrganizationId,
    string OrganizationName,
    [property: Description("Null: unlimited.")] int? TotalIncidents,
    [property: Description("Null: unlimited.")] int? RemainingIncidents,
    DateOnly EndDate,
    DateTime RaisedAt)
{
    public static AlertDto From(AlertView v) => new(
        v.Alert.Id, AlertView.KindName(v.Alert.Kind), v.Alert.SupportContractId, v.ContractName, v.Alert.OrganizationId, v.OrganizationName,
        v.Alert.TotalIncidents, v.Alert.RemainingIncidents, v.Alert.EndDate, v.Alert.RaisedAt.UtcDateTime);
}
