using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using PartnerSupport.Resources;
using PartnerSupport.Storage;
using PartnerSupport.Web.Api;
using PartnerSupport.Web.Resources;

namespace PartnerSupport.Web.Pages;

/// <summary>
/// A portal page that failed answers with a page a person can read, in their language, instead
/// of problem details or a stack trace: an unreachable database says so and when to try again
/// (503 with Retry-After, like the API); any other failure says it was ours (500). The API keeps
/// its problem details, and unreadable input keeps its 400.
/// </summary>
public sealed class PortalErrorPage(PortalText text) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (http.Request.Path.StartsWithSegments("/v1") || exception is BadHttpRequestException)
            return false;
        var unavailable = exception.IsUnavailable();
        http.Response.StatusCode = Problems.StatusCodeFor(exception);
        if (unavailable)
            http.Response.Headers.RetryAfter = ((int)Problems.DatabaseRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/html; charset=utf-8";
        var sentence = Messages.Get(unavailable ? "DatabaseUnavailable" : "InternalError");
        // The same page again: a GET is safe to repeat, a form is shown anew rather than re-posted.
        var again = http.Request.Path + (HttpMethods.IsGet(http.Request.Method) ? http.Request.QueryString : QueryString.Empty);
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{PortalText.Lang}">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{Encode(text["ErrorPageTitle"])} · {Encode(text["AppName"])}</title>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href="/site.css" />
            </head>
            <body>
                <header class="site-header"><a class="brand" href="/">{Encode(text["AppName"])}</a></header>
                <main id="main">
                    <h1>{Encode(text["ErrorPageTitle"])}</h1>
                    <div class="alert error" role="alert"><p>{Encode(sentence)}</p></div>
                    <p><a href="{Encode(again)}">{Encode(text["TryAgain"])}</a></p>
                </main>
            </body>
            </html>
            """, cancellationToken);
        return true;
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
