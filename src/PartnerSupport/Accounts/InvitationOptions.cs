using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Accounts;

/// <summary>Invitations to an organization or to the staff (<c>Invitations:*</c>).</summary>
public sealed class InvitationOptions
{
    public const string Section = "Invitations";

    /// <summary>How long an invitation's link can be used.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    public IEnumerable<string> Problems() => Settings.Positive($"{Section}:{nameof(Lifetime)}", Lifetime);

    public sealed class Validator : IValidateOptions<InvitationOptions>
    {
        public ValidateOptionsResult Validate(string? name, InvitationOptions options) => Settings.Result(options.Problems());
    }
}
