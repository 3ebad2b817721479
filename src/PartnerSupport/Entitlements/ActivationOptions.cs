using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Entitlements;

public sealed class ActivationOptions
{
    public const string Section = "Activation";

    /// <summary>How long a request waits before it is processed ("allow a few days").</summary>
    public TimeSpan ProcessingDelay { get; set; } = TimeSpan.FromDays(3);

    /// <summary>When true, an operator approves or rejects each activation; the worker does not.</summary>
    public bool RequireApproval { get; set; }

    /// <summary>How often the worker looks for activations that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<string> Problems() =>
        Settings.NotNegative($"{Section}:{nameof(ProcessingDelay)}", ProcessingDelay)
            .Concat(Settings.Positive($"{Section}:{nameof(PollInterval)}", PollInterval));

    public sealed class Validator : IValidateOptions<ActivationOptions>
    {
        public ValidateOptionsResult Validate(string? name, ActivationOptions options) => Settings.Result(options.Problems());
    }
}
