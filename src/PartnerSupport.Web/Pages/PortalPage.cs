using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PartnerSupport.Common;
using PartnerSupport.Resources;
using PartnerSupport.ServiceRequests;
using PartnerSupport.Web.Auth;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages;

/// <summary>What every portal page shares: the caller, refusals shown next to their fields, forms sent once.</summary>
public abstract partial class PortalPage : PageModel
{
    public Caller Me => HttpContext.Caller();

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Flash { get; set; }

    /// <summary>Something true the person should know that is not a fault (shown as information, not as an error).</summary>
    public string? Notice { get; protected set; }

    private PortalText Text => HttpContext.RequestServices.GetRequiredService<PortalText>();

    /// <summary>The key <see cref="SubmissionKeyTagHelper"/> minted with the form that was sent; null without one.</summary>
    protected string? SubmissionKey =>
        Request.HasFormContentType && Request.Form[SubmissionKeyTagHelper.FieldName] is [{ Length: > 0 } key] ? key : null;

    /// <summary>
    /// Runs a change once per form: the same form sent again (a reload, Back then send, a second
    /// click on a slow network) gets what the first sending produced and changes nothing more.
    /// </summary>
    /// <param name="action">Names the change, so a key never answers for another kind of change.</param>
    /// <param name="asks">What the form asks, to tell the same form from a key reused for something else.</param>
    protected Task<Result<Guid>> OnceAsync(string action, string asks, Func<Task<Result<Guid>>> change, CancellationToken ct) =>
        HttpContext.RequestServices.GetRequiredService<IdempotencyGuard>().OnceAsync(Me, SubmissionKey, action + "\n" + asks, change, ct);

    /// <summary>
    /// Puts a use case's refusal on the page, in the page's language: a field's problem next to
    /// that field, a refusal about something the form chose next to that choice (<paramref name="at"/>),
    /// the rest at the top. Nothing refused is ever silently redrawn.
    /// </summary>
    /// <param name="prefix">The form's model prefix, for fields <paramref name="fields"/> does not place.</param>
    /// <param name="at">The form field a refusal without field errors concerns; the top of the page when null.</param>
    /// <param name="fields">The use case's field name → the form field that shows its problems.</param>
    /// <param name="missing">The use case's field name → what to say when it was left empty.</param>
    protected void Show(
        Error error, string? prefix = null, string? at = null,
        IReadOnlyDictionary<string, string>? fields = null, IReadOnlyDictionary<string, string>? missing = null)
    {
        if (error.Code == ErrorCodes.ContractAlreadyLinked)
        {
            Notice = Messages.Get(error.MessageKey, error.Args);
            return;
        }
        if (error.FieldErrors is { } fieldErrors)
        {
            foreach (var (field, messages) in fieldErrors)
            {
                var key = fields?.GetValueOrDefault(field) ?? (prefix is null ? field : $"{prefix}.{Pascal(field)}");
                foreach (var message in messages)
                    ModelState.AddModelError(key, FieldMessage(field, message, missing));
            }
            return;
        }
        var sentence = error.Code switch
        {
            ErrorCodes.TooManyAttempts when error.RetryAfter is { } wait => Text.Format("TooManyAttemptsWait", Text.Duration(wait)),
            ErrorCodes.IdempotencyKeyInUse or ErrorCodes.IdempotencyKeyReused => Text["FormAlreadySent"],
            _ => Messages.Get(error.MessageKey, error.Args),
        };
        ModelState.AddModelError(at ?? "", sentence);
    }

    /// <summary>The use cases' field messages are the API's English; the common ones are said in the page's language.</summary>
    private string FieldMessage(string field, string message, IReadOnlyDictionary<string, string>? missing)
    {
        if (message.StartsWith("is required", StringComparison.Ordinal))
            return missing?.GetValueOrDefault(field) ?? Text["FieldRequired"];
        if (TooLong().Match(message) is { Success: true } m)
            return Text.Format("FieldTooLong", int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        return message;
    }

    [GeneratedRegex("^must be at most ([0-9]+) characters$")]
    private static partial Regex TooLong();

    private static string Pascal(string field) => field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..];
}
