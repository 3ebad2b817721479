using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;
using PartnerSupport.Casework;

namespace PartnerSupport.Web.Pages;

/// <summary>
/// Marks a page handler whose form carries a request's attachment: its body may be as large as
/// <c>Attachments:MaxBytes</c> allows, where every other request keeps the server's 256 KiB.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReceivesAttachmentAttribute : Attribute;

/// <summary>
/// Raises the body limit for the handlers marked <see cref="ReceivesAttachmentAttribute"/>, and for
/// them only. Razor Pages has one endpoint per page and picks the handler after the page's filters
/// have run, while the antiforgery check already reads the whole form; so the page gets an
/// authorization filter, ordered before that check, that names the handler the way Razor Pages
/// will (the route's or the query's <c>handler</c>) and raises the limit before anything is read.
/// </summary>
public sealed class AttachmentBodyLimitConvention : IPageApplicationModelConvention
{
    /// <summary>The TempData key that carries a refused body's reason to the page it goes back to.</summary>
    public const string RefusedKey = "AttachmentRefused";

    public void Apply(PageApplicationModel model)
    {
        var handlers = model.HandlerMethods
            .Where(h => h.Attributes.OfType<ReceivesAttachmentAttribute>().Any())
            .Select(h => (h.HttpMethod, h.HandlerName))
            .ToList();
        if (handlers.Count > 0)
            model.Filters.Add(new Filter(handlers));
    }

    private sealed class Filter(IReadOnlyList<(string HttpMethod, string? HandlerName)> handlers) : IAsyncAuthorizationFilter, IOrderedFilter
    {
        /// <summary>The message and the other fields of the form, besides the file: a message is at most 20,000 UTF-16 units, 3 bytes each in UTF-8.</summary>
        private const long FormOverhead = 3 * Message.MaxLength + 64 * 1024;

        // The antiforgery check is ordered 1000; this has to come first.
        public int Order => 900;

        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            var name = context.RouteData.Values["handler"] as string ?? http.Request.Query["handler"].FirstOrDefault();
            if (!handlers.Any(h => string.Equals(h.HttpMethod, http.Request.Method, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(h.HandlerName, name, StringComparison.OrdinalIgnoreCase)))
                return;
            var maxBytes = http.RequestServices.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxBytes;
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = maxBytes + FormOverhead;
            if (!http.Request.HasFormContentType)
                return;
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Far too large to be read at all: nothing of the form was used, so the page is shown
                // again with the reason, as the use case would have said it for a smaller file.
                var tempData = http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http);
                tempData[RefusedKey] = Common.ErrorCodes.AttachmentTooLarge;
                tempData.Save();
                context.Result = new RedirectResult(http.Request.PathBase + http.Request.Path);
            }
        }
    }
}
