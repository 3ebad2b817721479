using Microsoft.AspNetCore.Mvc.RazorPages;
using PartnerSupport.Common;
using PartnerSupport.Resources;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Web.Pages;

/// <summary>What every portal page shares: the caller, and refusals shown next to their fields.</summary>
public abstract class PortalPage : PageModel
{
    public Caller Me => HttpContext.Caller();

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Flash { get; set; }

    /// <summary>Puts a use case's refusal in ModelState: field errors by field, the rest at the top.</summary>
    protected void Show(Error error, string? prefix = null)
    {
        if (error.FieldErrors is { } fields)
        {
            foreach (var (field, messages) in fields)
            {
                foreach (var message in messages)
                    ModelState.AddModelError(prefix is null ? field : $"{prefix}.{Pascal(field)}", message);
            }
        }
        else
        {
            ModelState.AddModelError("", Messages.Get(error.MessageKey, error.Args));
        }
    }

    private static string Pascal(string field) => field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..];
}
