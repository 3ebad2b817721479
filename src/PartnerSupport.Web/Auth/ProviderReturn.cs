using Microsoft.AspNetCore.Authentication;
using PartnerSupport.Accounts;

namespace PartnerSupport.Web.Auth;

/// <summary>
/// What the identity provider said, back from it: the person's identity (already checked by the
/// OpenID Connect handler: state, nonce, PKCE, the ID token's signature, issuer and audience), the
/// name it gives them, and what the page that sent them there put in the round trip.
/// </summary>
public sealed record ProviderReturn(ProviderIdentity Identity, string? Name, AuthenticationProperties Properties)
{
    /// <summary>
    /// Reads the short-lived cookie of the provider's callback and removes it, so that a second
    /// visit to the page finds nothing. Null when there was no successful round trip.
    /// </summary>
    public static async Task<ProviderReturn?> TakeAsync(HttpContext http, string providerName)
    {
        var external = await http.AuthenticateAsync(OidcOptions.ExternalScheme);
        await http.SignOutAsync(OidcOptions.ExternalScheme);
        if (!external.Succeeded || external.Principal.FindFirst("sub") is not { } subject)
            return null;
        var verified = external.Principal.FindFirst("email_verified")?.Value;
        var identity = new ProviderIdentity(
            subject.Issuer, providerName, subject.Value, external.Principal.FindFirst("email")?.Value,
            bool.TryParse(verified, out var isVerified) && isVerified);
        return new ProviderReturn(identity, external.Principal.FindFirst("name")?.Value, external.Properties ?? new AuthenticationProperties());
    }
}
