using System.Net;
using Microsoft.Extensions.Options;
using PartnerSupport.Common;

namespace PartnerSupport.Web.Auth;

/// <summary>Single sign-on through an OpenID provider (<c>Oidc:*</c>); off while <see cref="Authority"/> is empty.</summary>
public sealed class OidcOptions
{
    public const string Section = "Oidc";

    /// <summary>The OpenID Connect handler: authorization code with PKCE, answering on <see cref="CallbackPath"/>.</summary>
    public const string Scheme = "oidc";

    /// <summary>
    /// Holds the provider's identity between its callback and the sign-in page for a few minutes:
    /// the page decides which account, if any, it signs in to.
    /// </summary>
    public const string ExternalScheme = "oidc.external";

    public const string CallbackPath = "/signin-oidc";

    /// <summary>The provider's issuer URL, where <c>/.well-known/openid-configuration</c> is found.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Empty for a public client: PKCE alone then protects the code.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The provider's name as people know it: "Sign in with {DisplayName}".</summary>
    public string? DisplayName { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>
    /// Plain http only to this machine (a provider beside the server, or the tests'): anywhere else
    /// the discovery document and the keys that sign the ID tokens must come over TLS.
    /// </summary>
    public bool AllowsHttp => Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
        && (uri.IsLoopback || IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));

    public IEnumerable<string> Problems()
    {
        if (!Enabled)
            yield break;
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || AllowsHttp) || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            yield return $"{Section}:{nameof(Authority)} must be an absolute https URL without query (http only for a loopback address) (got {Authority}).";
        if (string.IsNullOrWhiteSpace(ClientId))
            yield return $"{Section}:{nameof(ClientId)} is required with {Section}:{nameof(Authority)}.";
        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > 60)
            yield return $"{Section}:{nameof(DisplayName)} is required with {Section}:{nameof(Authority)}, at most 60 characters (the sign-in button says \"Sign in with\" it).";
    }

    public sealed class Validator : IValidateOptions<OidcOptions>
    {
        public ValidateOptionsResult Validate(string? name, OidcOptions options) => Settings.Result(options.Problems());
    }
}
