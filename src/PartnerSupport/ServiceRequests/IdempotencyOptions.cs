using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.ServiceRequests;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key is remembered; a retry after that creates a new request.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<string> Problems() => Settings.Positive($"{Section}:{nameof(Retention)}", Retention);

    public sealed class Validator : IValidateOptions<IdempotencyOptions>
    {
        public ValidateOptionsResult Validate(string? name, IdempotencyOptions options) => Settings.Result(options.Problems());
    }
}
