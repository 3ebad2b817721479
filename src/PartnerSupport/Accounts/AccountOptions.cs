using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Accounts;

/// <summary>Password resets (<c>Accounts:*</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>How long a password reset's token can be used.</summary>
    public TimeSpan ResetTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<string> Problems() => Settings.Positive($"{Section}:{nameof(ResetTokenLifetime)}", ResetTokenLifetime);

    public sealed class Validator : IValidateOptions<AccountOptions>
    {
        public ValidateOptionsResult Validate(string? name, AccountOptions options) => Settings.Result(options.Problems());
    }
}
