using System.Security.Cryptography;
using PartnerSupport.Audit;
using PartnerSupport.Common;
using PartnerSupport.Storage;

namespace PartnerSupport.Accounts;

public sealed record CreateApiKeyInput(string? Name, IReadOnlyList<string>? Roles, DateTimeOffset? ExpiresAt);

/// <summary>The key, in full, exists only in this answer.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>
/// A global admin (or an operator) gives the organization's systems a key: it acts with the
/// organization roles chosen, as an account of its own that the audit trail names.
/// </summary>
public sealed class CreateApiKey(AppDbContext db, TimeProvider time)
{
    /// <summary>What every key starts with, so that a leaked key is recognisable (secret scanners, logs).</summary>
    public const string KeyPrefix = "psk_";

    public async Task<Result<CreatedApiKey>> RunAsync(Caller caller, Guid organizationId, CreateApiKeyInput input, CancellationToken ct = default)
    {
        if (await OrganizationAdministration.RefuseAsync(db, caller, organizationId, ct) is { } refused)
            return refused;
        var now = time.GetUtcNow();
        var v = new Validator().Require("name", input.Name);
        var roles = Roles.None;
        v.Check(input.Roles is not null && RoleNames.TryParseOrganizationRoles(input.Roles, out roles), "roles", "must be a list of globalAdmin, mpnPartnerAdmin or adminAgent");
        v.Check(input.ExpiresAt is null || input.ExpiresAt > now, "expiresAt", "must be in the future");
        if (!v.IsValid)
            return v.ToError();

        var visible = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = $"{KeyPrefix}{visible}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Name = input.Name!.Trim(),
            Prefix = KeyPrefix + visible,
            Hash = HashOf(secret),
            Roles = roles,
            CreatedAt = now,
            CreatedBy = caller.Actor,
            ExpiresAt = input.ExpiresAt,
        };
        var account = new User
        {
            Id = Guid.CreateVersion7(),
            UserName = $"apikey-{key.Id:N}",
            NormalizedUserName = $"APIKEY-{key.Id:N}",
            DisplayName = ActorFor(key),
            AccountType = AccountType.Work,
            OrganizationId = organizationId,
            Roles = roles,
            CreatedAt = now,
            IsApiKey = true,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString("N"),
        };
        key.UserId = account.Id;
        db.Users.Add(account);
        db.ApiKeys.Add(key);
        db.Audit(caller, now, "apikey.create", key.Prefix, $"{key.Name}: {string.Join(",", RoleNames.ToNames(roles))} org {organizationId}");
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(key, secret);
    }

    /// <summary>How the audit trail and the records a key writes name it.</summary>
    public static string ActorFor(ApiKey key) => $"API key {key.Name} ({key.Prefix})";

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
