using Microsoft.AspNetCore.Razor.TagHelpers;

namespace PartnerSupport.Web.Pages;

/// <summary>
/// Gives every form that posts a key of its own, minted when the form is drawn: the server does a
/// change once per key (<see cref="PortalPage.OnceAsync"/>), so sending the same form twice
/// (a reload, Back then send, a double click) never does it twice.
/// </summary>
[HtmlTargetElement("form", Attributes = "method")]
public sealed class SubmissionKeyTagHelper : TagHelper
{
    public const string FieldName = "IdempotencyKey";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes["method"]?.Value?.ToString() is not { } method || !method.Equals("post", StringComparison.OrdinalIgnoreCase))
            return;
        output.PostContent.AppendHtml($"<input type=\"hidden\" name=\"{FieldName}\" value=\"{Guid.NewGuid():N}\" />");
    }
}
