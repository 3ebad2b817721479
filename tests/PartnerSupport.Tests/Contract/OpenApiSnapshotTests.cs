using System.Net;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Contract;

/// <summary>
/// docs/openapi.v1.json is the served OpenAPI document as committed: a change to the contract
/// shows in review as a change of that file, and this test fails until the file follows the code.
/// </summary>
public sealed class OpenApiSnapshotTests : AppTest
{
    public const string SnapshotPath = "docs/openapi.v1.json";
    public const string RefreshVariable = "PARTNERSUPPORT_UPDATE_OPENAPI";

    [SkippableFact]
    public async Task The_served_document_is_the_committed_snapshot()
    {
        var served = (await _app.Anonymous().GetAsync("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Text.ReplaceLineEndings("\n");
        var file = Repository.PathOf(SnapshotPath);
        if (Environment.GetEnvironmentVariable(RefreshVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, served.EndsWith('\n') ? served : served + "\n");
        }

        var committed = File.Exists(file) ? (await File.ReadAllTextAsync(file)).ReplaceLineEndings("\n").TrimEnd('\n') : "";
        if (committed == served.TrimEnd('\n'))
            return;
        var servedLines = served.Split('\n');
        var committedLines = committed.Split('\n');
        var first = Enumerable.Range(0, Math.Max(servedLines.Length, committedLines.Length))
            .First(i => i >= servedLines.Length || i >= committedLines.Length || servedLines[i] != committedLines[i]);
        Assert.Fail(
            $"The served OpenAPI document differs from {SnapshotPath} (first at line {first + 1}:\n"
            + $"  committed: {(first < committedLines.Length ? committedLines[first].Trim() : "(end of file)")}\n"
            + $"  served:    {(first < servedLines.Length ? servedLines[first].Trim() : "(end of document)")}).\n"
            + "If the change of contract is intended, rewrite the snapshot and commit it with the change:\n"
            + $"  {RefreshVariable}=1 PARTNERSUPPORT_TEST_PROVIDERS=Sqlite ./test.sh --filter FullyQualifiedName~OpenApiSnapshotTests\n"
            + "(then regenerate the test client with scripts/generate-api-client.sh and commit it too).");
    }
}
