using Microsoft.Extensions.Options;

namespace PartnerSupport.Web;

/// <summary>Switches for the benchmark (<c>Bench:*</c>), off unless set.</summary>
public sealed class BenchOptions
{
    public const string Section = "Bench";

    /// <summary>Maps <c>GET /bench/hello</c>: the same server stack answering without any work of ours.</summary>
    public bool HelloEndpoint { get; set; }

    /// <summary>Nothing to check beyond parsing, which the binder does; kept so every section is bound the same way.</summary>
    public sealed class Validator : IValidateOptions<BenchOptions>
    {
        public ValidateOptionsResult Validate(string? name, BenchOptions options) => ValidateOptionsResult.Success;
    }
}
