using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using PartnerSupport.Accounts;

namespace PartnerSupport.Web.Auth;

/// <summary>Issues the API's bearer tokens (JWT, HMAC-SHA256), naming the signing key in the <c>kid</c> header.</summary>
public sealed class TokenIssuer(SigningKeyRing keys, IOptions<AuthOptions> options, TimeProvider time)
{
    public const string StampClaim = "stamp";

    public async Task<(string Token, int ExpiresIn)> IssueAsync(User user, CancellationToken ct)
    {
        var key = await keys.SigningKeyAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.TokenLifetime;
        var token = new JwtSecurityToken(
            issuer: AuthOptions.Issuer,
            audience: AuthOptions.Issuer,
            claims:
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.Email, user.Email ?? ""),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                // Changing the security stamp (password change, sign-out everywhere) voids old tokens.
                new Claim(StampClaim, user.SecurityStamp ?? ""),
            ],
            notBefore: now,
            expires: now + lifetime,
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return (new JwtSecurityTokenHandler().WriteToken(token), (int)lifetime.TotalSeconds);
    }
}
