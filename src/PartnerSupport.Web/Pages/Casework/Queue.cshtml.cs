using Microsoft.AspNetCore.Mvc;
using PartnerSupport.Casework;
using PartnerSupport.Common;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Web.Pages.Casework;

/// <summary>The staff's queue in the portal: the filters of GET /v1/queue, in the same order, paged by its token.</summary>
public sealed class QueueModel(ListQueue queue, CountQueue counts) : PortalPage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? AssignedTo { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Breached { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public ServiceRequestPage? Requests { get; private set; }

    /// <summary>How many requests each usual filter holds, each a link to that filter.</summary>
    public QueueCounts? Counts { get; private set; }

    /// <summary>The query of the page after this one: the same filters, the next position.</summary>
    public string? NextQuery { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var filter = new QueueFilter(
            Status: Blank(Status), Severity: Blank(Severity), AssignedTo: Blank(AssignedTo),
            Breached: Breached ? true : null, Q: Blank(Q), ContinuationToken: Blank(After));
        var result = await queue.RunAsync(Me, filter, ct);
        if (result.Error is { Kind: ErrorKind.Forbidden })
            return Forbid();
        if (!result.IsSuccess)
        {
            Show(result.Error!);
            return Page();
        }
        Requests = result.Value;
        Counts = (await counts.RunAsync(Me, ct)).Value;
        if (Requests.ContinuationToken is { } next)
        {
            NextQuery = QueryString.Create(new Dictionary<string, string?>
            {
                ["status"] = Blank(Status),
                ["severity"] = Blank(Severity),
                ["assignedTo"] = Blank(AssignedTo),
                ["breached"] = Breached ? "true" : null,
                ["q"] = Blank(Q),
                ["after"] = next,
            }.Where(p => p.Value is not null)).ToUriComponent();
        }
        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
