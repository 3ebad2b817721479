using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Security;

namespace PartnerSupport.Tests.Contract;

/// <summary>
/// The served OpenAPI document describes the whole API: every operation the application maps, its
/// body and answers, every refusal with its codes, and who must send a bearer token.
/// </summary>
public sealed partial class OpenApiDocumentTests : AppTest
{
    /// <summary>The operations anyone may call; every other one takes a bearer token.</summary>
    private static readonly HashSet<string> Anonymous = ["POST /v1/token", "GET /healthz", "GET /healthz/live", "GET /healthz/ready",
        "POST /v1/invitations/accept", "POST /v1/account/password-reset", "POST /v1/account/password-reset/confirm"];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonObject> DocumentAsync() =>
        (await _app.Anonymous().GetAsync("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!.AsObject();

    private static IEnumerable<(string Key, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select ($"{method.Key.ToUpperInvariant()} {path.Key}", method.Value!.AsObject());

    [SkippableFact]
    public async Task The_document_is_OpenAPI_3_1_and_lists_every_API_endpoint_the_application_maps()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.1.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(document["servers"]);

        var mapped = (await AppEndpoints.ListAsync(_app))
            .Where(e => !e.IsPage && !e.Route.StartsWith("/docs", StringComparison.Ordinal) && !e.Route.StartsWith("/openapi", StringComparison.Ordinal))
            .Select(e => $"{e.Method} {RouteConstraint().Replace(e.Route, "{$1}")}")
            .Order(StringComparer.Ordinal).ToList();
        var described = Operations(document).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(mapped, described);
    }

    [SkippableFact]
    public async Task Every_operation_says_what_it_does_who_may_call_it_and_what_it_answers()
    {
        var document = await DocumentAsync();
        var wrong = new List<string>();
        foreach (var (key, operation) in Operations(document))
        {
            foreach (var member in new[] { "operationId", "summary", "description" })
            {
                if (string.IsNullOrWhiteSpace(operation[member]?.GetValue<string>()))
                    wrong.Add($"{key}: no {member}");
            }
            if (operation["tags"]?.AsArray().Count is not > 0)
                wrong.Add($"{key}: no tag");
            var responses = operation["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (success.Count != 1)
                wrong.Add($"{key}: {success.Count} success answers");
            foreach (var (status, response) in success)
            {
                // A file download answers bytes, described as such; anything else answers JSON.
                if (status != "204" && (response!["content"]?["application/json"] ?? response!["content"]?["application/octet-stream"])?["schema"] is null)
                    wrong.Add($"{key}: {status} has no JSON body schema");
            }
            // An upload sends multipart/form-data; anything else sends JSON.
            if (operation["requestBody"] is { } body && (body["content"]?["application/json"] ?? body["content"]?["multipart/form-data"])?["schema"] is null)
                wrong.Add($"{key}: the request body has no JSON schema");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [SkippableFact]
    public async Task Every_refusal_is_a_problem_with_its_codes_and_an_example_of_each()
    {
        var document = await DocumentAsync();
        var problemSchema = document["components"]!["schemas"]!["ProblemDetails"]!;
        Assert.Contains("code", problemSchema["required"]!.AsArray().Select(r => r!.GetValue<string>()));

        var wrong = new List<string>();
        foreach (var (key, operation) in Operations(document))
        {
            var refusals = operation["responses"]!.AsObject().Where(r => r.Key[0] is '4').ToList();
            if (refusals.Count == 0 && !key.StartsWith("GET /healthz", StringComparison.Ordinal))
                wrong.Add($"{key}: declares no refusal");
            foreach (var (status, response) in refusals)
            {
                var media = response!["content"]?["application/problem+json"];
                if (media?["schema"]?["$ref"]?.GetValue<string>() != "#/components/schemas/ProblemDetails")
                {
                    wrong.Add($"{key}: {status} is not a problem");
                    continue;
                }
                var examples = media["examples"]?.AsObject() ?? [];
                var codes = CodeInBackticks().Matches(response["description"]!.GetValue<string>()).Select(m => m.Groups[1].Value).ToList();
                if (codes.Count == 0 || !codes.Order().SequenceEqual(examples.Select(e => e.Key).Order()))
                    wrong.Add($"{key}: {status} lists codes [{string.Join(", ", codes)}] and examples [{string.Join(", ", examples.Select(e => e.Key))}]");
                foreach (var (code, example) in examples)
                {
                    if (example!["value"]?["code"]?.GetValue<string>() != code || example["value"]?["status"]?.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture) != status)
                        wrong.Add($"{key}: the {code} example is not a {status} problem with that code");
                }
            }
            if (operation["requestBody"] is not null)
            {
                foreach (var (status, code) in new[] { ("400", "malformed-request"), ("413", "payload-too-large"), ("415", "unsupported-media-type") })
                {
                    if (operation["responses"]?[status]?["content"]?["application/problem+json"]?["examples"]?[code] is null)
                        wrong.Add($"{key}: reads a body but does not declare {status} {code}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [SkippableFact]
    public async Task Bearer_tokens_are_declared_on_every_operation_that_needs_one_and_on_no_other()
    {
        var document = await DocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        Assert.Null(document["security"]);

        var wrong = new List<string>();
        foreach (var (key, operation) in Operations(document))
        {
            var security = operation["security"]?.AsArray();
            if (Anonymous.Contains(key))
            {
                if (security is not null)
                    wrong.Add($"{key}: anyone may call it, yet it asks for a token");
                continue;
            }
            if (security is null || security.Count != 1 || security[0]!["Bearer"] is null)
                wrong.Add($"{key}: needs a token, yet does not declare the Bearer scheme");
            if (operation["responses"]?["401"]?["content"]?["application/problem+json"]?["examples"]?["unauthenticated"] is null)
                wrong.Add($"{key}: needs a token, yet does not declare 401 unauthenticated");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [SkippableFact]
    public async Task Every_refusal_the_authorization_table_expects_of_an_endpoint_is_declared_by_it()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Key, o => o.Operation);
        var wrong = new List<string>();
        foreach (var row in AuthorizationTable.Rows.Where(r => !r.Page))
        {
            var key = RouteConstraint().Replace(row.Key, "{$1}");
            if (!operations.TryGetValue(key, out var operation))
                continue;
            foreach (var status in row.Outcomes.Values.Where(o => o[0] is '4').Distinct())
            {
                if (operation["responses"]?[status] is null)
                    wrong.Add($"{key}: the authorization table expects {status}, the document does not declare it");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [SkippableFact]
    public async Task Every_reference_in_the_document_resolves()
    {
        var text = (await _app.Anonymous().GetAsync("/openapi/v1.json")).Text;
        var document = await DocumentAsync();
        var missing = RefPointer().Matches(text).Select(m => m.Groups[1].Value).Distinct()
            .Where(pointer => pointer.Split('/').Skip(1).Aggregate((JsonNode?)document, (node, part) => node?[part.Replace("~1", "/").Replace("~0", "~")]) is null)
            .ToList();
        Assert.True(missing.Count == 0, "Unresolved: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\??\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex("`([a-z-]+)`")]
    private static partial Regex CodeInBackticks();

    [GeneratedRegex("\"\\$ref\":\\s*\"#(/[^\"]*)\"")]
    private static partial Regex RefPointer();
}
