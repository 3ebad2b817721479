using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using QRCoder;

namespace PartnerSupport.Web.Pages;

/// <summary>
/// A QR code drawn on the server as inline SVG: the portal runs no script and its
/// Content-Security-Policy allows no inline style, so the drawing uses attributes only. QRCoder
/// does the encoding (error correction, masks); the squares are one path, with a title a screen
/// reader says.
/// </summary>
public static class QrCodeSvg
{
    /// <summary>Four modules of white around the code, as ISO/IEC 18004 asks, are part of QRCoder's matrix.</summary>
    public static HtmlString Render(string text, string id, string title)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (matrix[y][x])
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
            }
        }
        var pixels = size * 5;
        return new HtmlString(
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"qr\" role=\"img\" aria-labelledby=\"{id}-title\" "
            + $"viewBox=\"0 0 {size} {size}\" width=\"{pixels}\" height=\"{pixels}\" shape-rendering=\"crispEdges\">"
            + $"<title id=\"{id}-title\">{WebUtility.HtmlEncode(title)}</title>"
            + $"<rect width=\"{size}\" height=\"{size}\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"{path}\"/></svg>");
    }
}
