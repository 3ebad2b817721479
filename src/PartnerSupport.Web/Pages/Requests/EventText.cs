using System.Text.RegularExpressions;
using PartnerSupport.Casework;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages.Requests;

/// <summary>
/// An event's detail in the page's language. The API keeps the detail as written ("open ->
/// attention_needed (resolved)", "41 remaining; Closed as Duplicate"); the page reads the parts
/// the service wrote and names each as the portal does. A detail in another shape is shown as is.
/// </summary>
public static partial class EventText
{
    public static string? Describe(CaseTimelineEntry e, PortalText t)
    {
        if (string.IsNullOrEmpty(e.Detail) || e.Kind == CaseEventKind.Created)
            return null;
        switch (e.Kind)
        {
            case CaseEventKind.StatusChanged or CaseEventKind.Closed or CaseEventKind.Reopened when StatusChange().Match(e.Detail) is { Success: true } m:
                var text = $"{Status(m.Groups[1].Value, t)} → {Status(m.Groups[2].Value, t)}";
                return m.Groups[3].Success ? $"{text} ({t.Of("Resolution", m.Groups[3].Value)})" : text;
            case CaseEventKind.IncidentConsumed or CaseEventKind.IncidentRefunded:
                // The ledger's note repeats what the neighbouring event says (the title, the resolution).
                if (Remaining().Match(e.Detail) is { Success: true } r)
                    return t.Format("EventIncidentsRemaining", int.Parse(r.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                return e.Detail.StartsWith("unlimited", StringComparison.Ordinal) ? t["EventIncidentsUnlimited"] : e.Detail;
            default:
                return e.Detail;
        }
    }

    /// <summary>A status as the API spells it (attention_needed) → the portal's name for it.</summary>
    private static string Status(string name, PortalText t) =>
        t.Of("Status", string.Concat(name.Split('_').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..])));

    [GeneratedRegex("^([a-z_]+) -> ([a-z_]+)(?: \\(([A-Za-z]+)\\))?$")]
    private static partial Regex StatusChange();

    [GeneratedRegex("^([0-9]+) remaining")]
    private static partial Regex Remaining();
}
