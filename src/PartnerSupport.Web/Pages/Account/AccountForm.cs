using Microsoft.AspNetCore.Mvc.ModelBinding;
using PartnerSupport.Common;
using PartnerSupport.Resources;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages.Account;

/// <summary>
/// How the anonymous account pages (invitation, forgotten and reset password) show a use case's
/// refusal: a field's problem next to the field, in the page's language where the API's English
/// has a portal sentence, anything else at the top. These pages have no caller, so they do not
/// run through <see cref="PortalPage.OnceAsync"/>: the token they carry works once, which makes
/// sending the form again harmless (the second sending is told the link was used).
/// </summary>
internal static class AccountForm
{
    public static void Show(ModelStateDictionary state, PortalText text, Error error, IReadOnlyDictionary<string, string> fields)
    {
        if (error.FieldErrors is { } fieldErrors)
        {
            foreach (var (field, messages) in fieldErrors)
            {
                var key = fields.GetValueOrDefault(field, "");
                foreach (var message in messages)
                    state.AddModelError(key, message.StartsWith("is required", StringComparison.Ordinal) ? text["FieldRequired"] : message);
            }
            return;
        }
        state.AddModelError("", Messages.Get(error.MessageKey, error.Args));
    }
}
