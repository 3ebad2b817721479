using System.Net;
using System.Text;
using System.Text.Json;
using PartnerSupport.Accounts;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Security;

/// <summary>
/// What a log pipeline receives never holds a secret: a server process (JSON lines, Information for
/// everything, Debug for the service's own categories, EF Core's SQL commands) runs a full flow,
/// and its whole output is searched for every password, token, key, secret and ID the flow used.
/// </summary>
public sealed class LogPrivacyTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [SkippableFact]
    public async Task A_full_flow_leaves_no_password_token_key_secret_Access_ID_or_Contract_ID_in_the_log_and_every_line_is_JSON_with_its_trace()
    {
        await using var server = await ServerProcess.StartAsync(_db, "logged", new Dictionary<string, string>
        {
            ["Logging__Format"] = "json",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__PartnerSupport"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            ["Webhooks__AllowHttp"] = "true",
            ["Webhooks__AllowPrivateNetworks"] = "true",
        });
        var secrets = new Dictionary<string, string> { ["password"] = TestApp.Password };
        var s = await Scenario.StartAsync(server);
        secrets["operator token"] = Token(s.Operator);
        var partner = await s.PartnerWithContractAsync("Contoso");
        secrets["admin token"] = Token(partner.Admin);
        secrets["Access ID"] = partner.Contract.AccessId;
        secrets["Contract ID"] = partner.Contract.ContractId;

        // A personal account links the contract with both IDs, and a wrong pair is refused.
        var personal = await s.UserAsync(null, "someone@personal.example");
        secrets["personal token"] = Token(personal);
        (await personal.LinkAsync(partner.Contract)).AssertStatus(HttpStatusCode.Created);
        var wrongContractId = partner.Contract.ContractId[..^3] + "999";
        Assert.NotEqual(HttpStatusCode.Created, (await personal.LinkAsync(partner.Contract.AccessId, wrongContractId)).Status);
        secrets["wrong Contract ID"] = wrongContractId;
        (await partner.OpenAsync()).AssertStatus(HttpStatusCode.Created);

        var key = (await partner.Admin.PostAsync($"/v1/organizations/{partner.OrganizationId}/apikeys", new { name = "Ticketing", roles = new[] { "mpnPartnerAdmin" } }))
            .AssertStatus(HttpStatusCode.Created).Str("key");
        secrets["API key"] = key;
        var system = server.Client();
        system.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        (await system.GetAsync("/v1/benefits")).AssertStatus(HttpStatusCode.OK);
        secrets["wrong API key"] = key[..^2] + "xx";
        system.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secrets["wrong API key"]);
        (await system.GetAsync("/v1/me")).AssertStatus(HttpStatusCode.Unauthorized);
        (await server.Client().PostAsync("/v1/token", new { email = partner.AdminEmail, password = "Wrong-Passw0rd-99" })).AssertStatus(HttpStatusCode.Unauthorized);
        secrets["wrong password"] = "Wrong-Passw0rd-99";

        secrets["webhook secret"] = (await s.Operator.PostAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hooks", events = new[] { "ping" } }))
            .AssertStatus(HttpStatusCode.Created).Str("secret");

        var enrolment = (await partner.Engineer.PostAsync("/v1/account/mfa/totp")).AssertStatus(HttpStatusCode.OK);
        secrets["TOTP secret"] = enrolment.Str("secret");
        var code = Totp.Code(Authenticator.FromBase32(enrolment.Str("secret")), Totp.StepAt(DateTimeOffset.UtcNow));
        var confirmed = (await partner.Engineer.PostAsync("/v1/account/mfa/totp/confirm", new { code })).AssertStatus(HttpStatusCode.OK);
        secrets["recovery code"] = confirmed.Json!["recoveryCodes"]![0]!.GetValue<string>();

        // The last requests' lines are written (the console logger writes on a queue of its own).
        await Task.Delay(1000);
        var log = server.Log;
        Assert.True(log.Length < ServerProcess.MaxLog - 10_000, "the log was cut: raise ServerProcess.MaxLog");
        Assert.Contains("Executed DbCommand", log, StringComparison.Ordinal);
        Assert.Contains("POST /v1/supportcontracts/links", log.Replace("\"", " ", StringComparison.Ordinal), StringComparison.Ordinal);

        // Every line is a JSON object (what the writer escaped is searched for decoded too), and the
        // request's lines carry its trace.
        var decoded = new StringBuilder();
        var traced = 0;
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
            Collect(json.RootElement, decoded);
            if (line.Contains("\"TraceId\"", StringComparison.Ordinal) && line.Contains("\"SpanId\"", StringComparison.Ordinal))
                traced++;
        }
        Assert.True(traced > 10, $"only {traced} lines carry a TraceId and SpanId");

        var leaks = secrets.Where(p => log.Contains(p.Value, StringComparison.Ordinal) || decoded.ToString().Contains(p.Value, StringComparison.Ordinal))
            .Select(p => $"{p.Key}: {Around(log + decoded, p.Value)}").ToList();
        Assert.True(leaks.Count == 0, "In the log:\n" + string.Join("\n", leaks));
    }

    private static string Token(ApiClient client) => client.Http.DefaultRequestHeaders.Authorization!.Parameter!;

    private static void Collect(JsonElement element, StringBuilder into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Collect(property.Value, into);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Collect(item, into);
                break;
            case JsonValueKind.String:
                into.Append(element.GetString()).Append('\n');
                break;
        }
    }

    private static string Around(string text, string value)
    {
        var at = text.IndexOf(value, StringComparison.Ordinal);
        return text[Math.Max(0, at - 300)..Math.Min(text.Length, at + value.Length + 100)];
    }
}
