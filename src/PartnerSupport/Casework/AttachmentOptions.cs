using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Casework;

/// <summary>What a request's attachments may be: how large, how many, and which names are refused.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    public long MaxBytes { get; set; } = 25 * 1024 * 1024;
    public int MaxPerRequest { get; set; } = 50;

    /// <summary>
    /// File extensions refused whatever the content, separated by commas. A string rather than a
    /// list: the configuration binder appends a configured list to a default one instead of replacing it.
    /// </summary>
    public string BlockedExtensions { get; set; } =
        "exe,dll,com,scr,msi,msp,bat,cmd,ps1,psm1,vbs,vbe,js,jse,wsf,wsh,hta,cpl,jar,sh,bash,app,apk,dmg,pkg,deb,rpm,so,dylib,lnk,reg";

    public IReadOnlySet<string> BlockedExtensionSet =>
        BlockedExtensions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.TrimStart('.').ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);

    public IEnumerable<string> Problems()
    {
        if (MaxBytes < 1)
            yield return $"{Section}:{nameof(MaxBytes)} must be a whole number of at least 1 (got {MaxBytes}).";
        foreach (var problem in Settings.AtLeast($"{Section}:{nameof(MaxPerRequest)}", MaxPerRequest, 1))
            yield return problem;
    }

    public sealed class Validator : IValidateOptions<AttachmentOptions>
    {
        public ValidateOptionsResult Validate(string? name, AttachmentOptions options) => Settings.Result(options.Problems());
    }
}
