using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Storage;

/// <summary>The first operator, created on start when absent (<c>Bootstrap:*</c>).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? OperatorEmail { get; set; }

    public string? OperatorPassword { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(OperatorEmail) && !string.IsNullOrEmpty(OperatorPassword);

    /// <summary>One key without the other is a mistake, not a wish for no operator.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrEmpty(OperatorEmail) != string.IsNullOrEmpty(OperatorPassword))
        {
            var missing = string.IsNullOrEmpty(OperatorEmail) ? nameof(OperatorEmail) : nameof(OperatorPassword);
            yield return $"{Section}:{missing} must be set together with {Section}:{(missing == nameof(OperatorEmail) ? nameof(OperatorPassword) : nameof(OperatorEmail))}, or neither (got only the other).";
        }
    }

    public sealed class Validator : IValidateOptions<BootstrapOptions>
    {
        public ValidateOptionsResult Validate(string? name, BootstrapOptions options) => Settings.Result(options.Problems());
    }
}
