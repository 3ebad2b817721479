using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Entitlements;

/// <summary>A benefit catalog file replacing the built-in one (<c>Catalog:Path</c>).</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    public string? Path { get; set; }

    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrEmpty(Path) && !File.Exists(Path))
            yield return $"{Section}:{nameof(Path)} must name an existing catalog file (got {Path}).";
    }

    public sealed class Validator : IValidateOptions<CatalogOptions>
    {
        public ValidateOptionsResult Validate(string? name, CatalogOptions options) => Settings.Result(options.Problems());
    }
}
