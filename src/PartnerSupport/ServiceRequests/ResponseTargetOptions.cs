using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.ServiceRequests;

/// <summary>
/// How soon a support engineer must first answer a request, per severity. Each request keeps the
/// due time computed when it was opened, so changing the targets never moves existing deadlines.
/// </summary>
public sealed class ResponseTargetOptions
{
    public const string Section = "ResponseTargets";

    public TimeSpan Critical { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan Moderate { get; set; } = TimeSpan.FromHours(4);
    public TimeSpan Minimal { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan For(Severity severity) => severity switch
    {
        Severity.Critical => Critical,
        Severity.Moderate => Moderate,
        _ => Minimal,
    };

    public IEnumerable<string> Problems() =>
        Settings.Positive($"{Section}:{nameof(Critical)}", Critical)
            .Concat(Settings.Positive($"{Section}:{nameof(Moderate)}", Moderate))
            .Concat(Settings.Positive($"{Section}:{nameof(Minimal)}", Minimal));

    public sealed class Validator : IValidateOptions<ResponseTargetOptions>
    {
        public ValidateOptionsResult Validate(string? name, ResponseTargetOptions options) => Settings.Result(options.Problems());
    }
}
