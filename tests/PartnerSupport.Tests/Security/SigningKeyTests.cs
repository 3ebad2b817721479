using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerSupport.Accounts;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;
using PartnerSupport.Web.Auth;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// The API's token signing keys live in the database, shared by every node: made once, rotated
/// after <c>Auth:SigningKeyRotation</c> (new tokens name the new key in their <c>kid</c>), an older
/// key accepted until every token it signed has expired and then purged. A configured
/// <c>Auth:SigningKey</c> replaces all of that.
/// </summary>
public sealed class SigningKeyTests : AppTest
{
    private static readonly Dictionary<string, string?> DailyRotation = new()
    {
        ["Auth:SigningKeyRotation"] = "1.00:00:00",
        ["Auth:TokenLifetime"] = "01:00:00",
        ["Maintenance:Interval"] = "00:00:00.100",
    };

    [SkippableFact]
    public async Task Without_a_configured_key_the_first_start_stores_one_key_in_the_database_and_a_restart_signs_and_accepts_with_it()
    {
        string token;
        SigningKey key;
        var first = _app;
        token = (await first.OperatorAsync()).Token();
        key = Assert.Single(await Keys(first));
        Assert.True(key.Material.Length >= 32, $"A key of {key.Material.Length} bytes is too short for HMAC-SHA256");
        Assert.Equal(key.KeyId, KeyId(token));
        Assert.True(SignedWith(token, key.Material), "The token is signed with the key in the database");
        var second = await RestartAsync();
        (await second.WithToken(token).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(key.KeyId, KeyId((await second.OperatorAsync()).Token()));
        Assert.Equal(key.KeyId, Assert.Single(await Keys(second)).KeyId);
    }

    [SkippableFact]
    public async Task After_the_rotation_period_tokens_name_a_new_key_and_the_old_key_is_accepted_until_its_tokens_have_expired_then_purged()
    {
        var app = await RestartAsync(DailyRotation);
        var first = KeyId((await app.OperatorAsync()).Token());

        app.Time.Advance(TimeSpan.FromHours(23.5));
        var beforeRotation = (await app.OperatorAsync()).Token();
        Assert.Equal(first, KeyId(beforeRotation));

        app.Time.Advance(TimeSpan.FromMinutes(30));
        var afterRotation = (await app.OperatorAsync()).Token();
        var second = KeyId(afterRotation);
        Assert.NotEqual(first, second);
        Assert.Equal([first, second], (await Keys(app)).Select(k => k.KeyId));
        var oldKey = (await Keys(app))[0];

        // The token signed half an hour before the rotation lives its full hour...
        (await app.WithToken(beforeRotation).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromMinutes(29));
        (await app.WithToken(beforeRotation).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        (await app.WithToken(afterRotation).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        // ...and not longer (30 s of clock skew allowed).
        app.Time.Advance(TimeSpan.FromMinutes(2));
        (await app.WithToken(beforeRotation).GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");

        // Until the tokens it could have signed have all expired, the old key is still trusted:
        // a token made with it now is accepted, and the key is kept.
        var forged = await TokenSignedWith(app, oldKey);
        (await app.WithToken(forged).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(2, (await Keys(app)).Count);

        // An hour (the token lifetime) and a margin after the rotation it is retired: refused, then purged.
        app.Time.Advance(TimeSpan.FromMinutes(35));
        (await app.WithToken(await TokenSignedWith(app, oldKey)).GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        await Eventually.UntilAsync(async () => (await Keys(app)).Count == 1, "the retired key purged", seconds: 30);
        Assert.Equal(second, Assert.Single(await Keys(app)).KeyId);
        Assert.Equal(second, KeyId((await app.OperatorAsync()).Token()));
    }

    [SkippableFact]
    public async Task A_node_accepts_a_token_signed_with_a_key_another_node_made_after_it_last_read_the_keys()
    {
        var time = new ManualTimeProvider(TestApp.DefaultStart);
        var rotating = await RestartAsync(DailyRotation, time);
        // A second node of its own on the same database and clock: the point of this test.
        // This node's own rotation period is the default 30 days: only the other one rotates.
        await using var other = new TestApp(_db, time);
        var first = (await rotating.OperatorAsync()).Token();
        (await other.WithToken(first).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);

        time.Advance(TimeSpan.FromDays(1));
        // The other node reads the keys afresh now (its last reading is a day old) and finds the first key only.
        Assert.Equal(KeyId(first), KeyId((await other.OperatorAsync()).Token()));
        var rotated = (await rotating.OperatorAsync()).Token();
        Assert.NotEqual(KeyId(first), KeyId(rotated));

        // Its keys are seconds old, but a key id it does not know sends it back to the database.
        (await other.WithToken(rotated).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        // From then on it signs with the newest key too.
        Assert.Equal(KeyId(rotated), KeyId((await other.OperatorAsync()).Token()));
        Assert.Equal(2, (await Keys(other)).Count);
    }

    [SkippableFact]
    public async Task A_configured_Auth_SigningKey_signs_every_token_and_no_key_is_made_or_rotated_in_the_database()
    {
        var key = RandomNumberGenerator.GetBytes(48);
        var app = await RestartAsync(new Dictionary<string, string?>(DailyRotation) { ["Auth:SigningKey"] = Convert.ToBase64String(key) });
        var before = (await app.OperatorAsync()).Token();
        app.Time.Advance(TimeSpan.FromDays(3));
        var after = (await app.OperatorAsync()).Token();

        Assert.True(SignedWith(before, key) && SignedWith(after, key), "Both tokens are signed with the configured key");
        Assert.Null(KeyId(after));
        (await app.WithToken(after).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        Assert.Empty(await Keys(app));
    }

    // A node keeps a token it validated for Auth:CallerCacheDuration; made long here, so that only
    // the checks on each reuse of that validation stand between an old token and an answer.
    private static readonly Dictionary<string, string?> LongCache = new() { ["Auth:CallerCacheDuration"] = "1.00:00:00" };

    [SkippableFact]
    public async Task A_token_this_node_validated_moments_ago_is_refused_once_it_expires_however_long_validations_are_kept()
    {
        var app = await RestartAsync(LongCache);
        var op = await app.OperatorAsync();
        (await op.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromMinutes(59));
        (await op.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromMinutes(2));
        (await op.GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [SkippableFact]
    public async Task A_token_this_node_validated_is_refused_once_its_key_is_gone_from_the_database_when_the_node_reads_the_keys_again()
    {
        var app = await RestartAsync(LongCache);
        var token = (await app.OperatorAsync()).Token();
        (await app.WithToken(token).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
        // As another node's operator revoking every key would: the keys deleted, a new one made on the next read.
        await app.WithDbAsync(async d => await d.SigningKeys.ExecuteDeleteAsync());
        app.Time.Advance(TimeSpan.FromMinutes(1.5));
        (await app.WithToken(token).GetAsync("/v1/me")).AssertProblem(HttpStatusCode.Unauthorized, "unauthenticated");
        (await app.WithToken((await app.OperatorAsync()).Token()).GetAsync("/v1/me")).AssertStatus(HttpStatusCode.OK);
    }

    private static Task<List<SigningKey>> Keys(TestApp app) =>
        app.WithDbAsync(d => d.SigningKeys.AsNoTracking().OrderBy(k => k.Generation).ToListAsync());

    private static string? KeyId(string token) => Part(token, 0)["kid"]?.GetValue<string>();

    private static JsonObject Part(string token, int index) => JsonNode.Parse(Base64Url.Decode(token.Split('.')[index]))!.AsObject();

    private static bool SignedWith(string token, byte[] key)
    {
        var parts = token.Split('.');
        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        return CryptographicOperations.FixedTimeEquals(expected, Base64Url.Decode(parts[2]));
    }

    /// <summary>A valid token of the operator made with <paramref name="key"/>, as whoever holds that key could.</summary>
    private static async Task<string> TokenSignedWith(TestApp app, SigningKey key)
    {
        var user = await app.WithDbAsync(d => d.Users.AsNoTracking().SingleAsync(u => u.Email == TestApp.OperatorEmail));
        var now = app.Time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject { ["sub"] = user.Id.ToString(), ["stamp"] = user.SecurityStamp, ["nbf"] = now, ["exp"] = now + 600, ["iss"] = AuthOptions.Issuer, ["aud"] = AuthOptions.Issuer };
        var header = Base64Url.Encode(Encoding.UTF8.GetBytes(new JsonObject { ["alg"] = "HS256", ["kid"] = key.KeyId, ["typ"] = "JWT" }.ToJsonString()));
        var payload = Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Base64Url.Encode(HMACSHA256.HashData(key.Material, Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    private static class Base64Url
    {
        public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static byte[] Decode(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
        }
    }
}
