using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Contract;

/// <summary>
/// docs/api.md, the contract in prose, says what the server serves: the same operations (method and
/// path), the same refusal codes for each, the same members for each body and resource. A change on
/// either side alone fails here.
/// </summary>
public sealed partial class ContractDocumentTests : AppTest
{
    private const string ContractPath = "docs/api.md";

    /// <summary>Said once for every operation in the prose (see its "Errors" section), not under each.</summary>
    private static readonly HashSet<string> SaidOnce = ["unauthenticated", "payload-too-large", "unsupported-media-type"];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private sealed record Section(string Heading, List<string> Lines);

    [SkippableFact]
    public async Task The_contract_lists_exactly_the_operations_the_server_serves()
    {
        var served = Operations(await DocumentAsync()).Select(o => o.Key).ToHashSet();
        var written = (await OperationSectionsAsync()).Keys.ToHashSet();

        var unwritten = served.Except(written).Order().ToList();
        var unserved = written.Except(served).Order().ToList();
        Assert.True(unwritten.Count == 0 && unserved.Count == 0,
            $"{ContractPath} and /openapi/v1.json disagree.\n"
            + (unwritten.Count > 0 ? $"  Served but not in {ContractPath} (add a \"### `METHOD /path`\" section):\n    {string.Join("\n    ", unwritten)}\n" : "")
            + (unserved.Count > 0 ? $"  In {ContractPath} but not served:\n    {string.Join("\n    ", unserved)}\n" : ""));
    }

    [SkippableFact]
    public async Task Each_operation_in_the_contract_lists_the_refusals_the_server_declares_for_it()
    {
        var document = await DocumentAsync();
        var sections = await OperationSectionsAsync();
        var wrong = new List<string>();
        foreach (var (key, operation) in Operations(document))
        {
            if (!sections.TryGetValue(key, out var lines))
                continue;
            var declared = Declared(operation);
            var refusals = lines.Where(l => l.StartsWith("Refusals:", StringComparison.Ordinal)).ToList();
            if (refusals.Count != 1)
            {
                wrong.Add($"{key}: {refusals.Count} \"Refusals:\" lines");
                continue;
            }
            var written = StatusAndCodes().Matches(refusals[0])
                .SelectMany(m => CodeInBackticks().Matches(m.Groups[2].Value).Select(c => $"{m.Groups[1].Value} {c.Groups[1].Value}"))
                .Order(StringComparer.Ordinal).ToList();
            if (!written.SequenceEqual(declared))
                wrong.Add($"{key}:\n    {ContractPath}: {string.Join(", ", written)}\n    served:      {string.Join(", ", declared)}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [SkippableFact]
    public async Task Each_body_and_resource_in_the_contract_has_the_members_the_server_writes_in_that_order()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!.AsObject();
        var written = await ResourceTablesAsync();
        var wrong = new List<string>();
        foreach (var name in schemas.Select(s => s.Key).Union(written.Keys).Order(StringComparer.Ordinal))
        {
            var served = schemas[name]?["properties"]?.AsObject().Select(p => p.Key).ToList();
            if (served is null)
                wrong.Add($"{name}: in {ContractPath}, not in the served document");
            else if (!written.TryGetValue(name, out var members))
                wrong.Add($"{name}: served, not described under Resources in {ContractPath}");
            else if (!members.SequenceEqual(served))
                wrong.Add($"{name}:\n    {ContractPath}: {string.Join(", ", members)}\n    served:      {string.Join(", ", served)}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>The refusals an operation declares, but those said once for all.</summary>
    private static List<string> Declared(JsonObject operation)
    {
        var hasBody = operation["requestBody"] is not null;
        return [.. operation["responses"]!.AsObject()
            .Where(r => r.Key[0] is '4' or '5')
            .SelectMany(r => (r.Value!["content"]?["application/problem+json"]?["examples"]?.AsObject() ?? []).Select(e => (Status: r.Key, Code: e.Key)))
            .Where(r => !SaidOnce.Contains(r.Code) && !(hasBody && r.Code == "malformed-request"))
            .Select(r => $"{r.Status} {r.Code}")
            .Order(StringComparer.Ordinal)];
    }

    private async Task<JsonObject> DocumentAsync() =>
        (await _app.Anonymous().GetAsync("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!.AsObject();

    private static IEnumerable<(string Key, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select ($"{method.Key.ToUpperInvariant()} {path.Key}", method.Value!.AsObject());

    private static async Task<List<Section>> SectionsAsync()
    {
        var sections = new List<Section>();
        foreach (var line in await File.ReadAllLinesAsync(Repository.PathOf(ContractPath)))
        {
            if (line.StartsWith("#", StringComparison.Ordinal))
                sections.Add(new Section(line, []));
            else if (sections.Count > 0)
                sections[^1].Lines.Add(line);
        }
        return sections;
    }

    /// <summary>"### `METHOD /path`" sections, by "METHOD /path"; each named once.</summary>
    private static async Task<Dictionary<string, List<string>>> OperationSectionsAsync()
    {
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var section in await SectionsAsync())
        {
            if (OperationHeading().Match(section.Heading) is { Success: true } m)
                Assert.True(found.TryAdd(m.Groups[1].Value, section.Lines), $"{ContractPath} describes {m.Groups[1].Value} twice");
        }
        return found;
    }

    /// <summary>Under "## Resources": "### Name" and its table's members, in order.</summary>
    private static async Task<Dictionary<string, List<string>>> ResourceTablesAsync()
    {
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var inResources = false;
        foreach (var section in await SectionsAsync())
        {
            if (section.Heading.StartsWith("## ", StringComparison.Ordinal))
                inResources = section.Heading == "## Resources";
            else if (inResources && section.Heading.StartsWith("### ", StringComparison.Ordinal))
                found[section.Heading[4..].Trim()] = [.. section.Lines.Select(l => TableMember().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];
        }
        return found;
    }

    [GeneratedRegex(@"^### `((?:GET|PUT|POST|DELETE|PATCH) [^`]+)`$")]
    private static partial Regex OperationHeading();

    [GeneratedRegex(@"(\d{3}) ((?:`[a-z-]+`(?:, )?)+)")]
    private static partial Regex StatusAndCodes();

    [GeneratedRegex("`([a-z-]+)`")]
    private static partial Regex CodeInBackticks();

    [GeneratedRegex(@"^\| `(\w+)` \|")]
    private static partial Regex TableMember();
}
