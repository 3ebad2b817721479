using System.Globalization;
using System.Net;
using System.Text;
using PartnerSupport.Resources;

namespace PartnerSupport.Notifications;

/// <summary>
/// Turns one sentence of <c>Messages*.resx</c> (Mail.*) into a message in the recipient's
/// language: plain text and HTML saying the same, every value from the event HTML-encoded, with
/// the absolute link to the page where the person acts and, for notifications, where to stop them.
/// </summary>
public static class MailTemplates
{
    public sealed record Mail(string Subject, string Text, string Html);

    public static CultureInfo Culture(string? language) =>
        CultureInfo.GetCultureInfo(language is { } l && Accounts.User.Languages.Contains(l) ? l : "en-US");

    public static Mail Compose(string name, CultureInfo culture, object[] args, string? quote, string link, string? profileLink)
    {
        var subject = OneLine(Messages.Get($"Mail.{name}.Subject", culture, args));
        var body = Messages.Get($"Mail.{name}.Body", culture, args);
        var open = Messages.Get("Mail.Open", culture);
        var footer = profileLink is null ? null : Messages.Get("Mail.Footer", culture, profileLink);

        var text = new StringBuilder();
        text.Append(body).Append("\n\n");
        if (!string.IsNullOrEmpty(quote))
        {
            foreach (var line in quote.ReplaceLineEndings("\n").Split('\n'))
                text.Append("> ").Append(line).Append('\n');
            text.Append('\n');
        }
        text.Append(open).Append('\n').Append(link).Append('\n');
        if (footer is not null)
            text.Append("\n-- \n").Append(footer).Append('\n');

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(culture.Name).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(subject)).Append("</title></head><body>");
        html.Append("<p>").Append(Encode(body)).Append("</p>");
        if (!string.IsNullOrEmpty(quote))
            html.Append("<blockquote style=\"white-space:pre-wrap\">").Append(Encode(quote)).Append("</blockquote>");
        html.Append("<p>").Append(Encode(open)).Append(" <a href=\"").Append(Encode(link)).Append("\">").Append(Encode(link)).Append("</a></p>");
        if (footer is not null)
            html.Append("<hr><p style=\"color:#555;font-size:small\">").Append(Encode(footer)).Append("</p>");
        html.Append("</body></html>");
        return new Mail(subject, text.ToString(), html.ToString());
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    /// <summary>A subject is one line of at most 300 characters, whatever a title holds.</summary>
    private static string OneLine(string value)
    {
        var line = string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c)).Trim();
        return line.Length > 300 ? line[..300] : line;
    }
}
