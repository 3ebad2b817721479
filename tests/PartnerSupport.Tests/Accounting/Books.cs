using System.Net;
using System.Text.Json.Nodes;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Accounting;

/// <summary>Reading a contract's balance and ledger as a client does, and what must always hold of them.</summary>
public static class Books
{
    public static object Request(string productId, string contractId, string title = "Server does not start") =>
        Scenario.Request(productId, contractId, title);

    public static Task<ApiResponse> CreateAsync(ApiClient client, string productId, string contractId, string? idempotencyKey = null, string title = "Server does not start") =>
        client.PostAsync("/v1/servicerequests/en-US", Request(productId, contractId, title),
            idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    public static async Task<int?> RemainingAsync(ApiClient client, string contractId) =>
        (await client.GetAsync($"/v1/supportcontracts/{contractId}")).AssertStatus(HttpStatusCode.OK).Int("remainingIncidents");

    public static async Task<List<JsonNode>> LedgerAsync(ApiClient client, string contractId) =>
        [.. (await client.GetAsync($"/v1/supportcontracts/{contractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items().Select(e => e!)];

    public static int Sum(IEnumerable<JsonNode> ledger) => ledger.Sum(e => e.Int("delta")!.Value);

    /// <summary>The shown balance is the ledger's sum, and each entry's balanceAfter is the running sum.</summary>
    public static async Task<List<JsonNode>> AssertBalancedAsync(ApiClient client, string contractId)
    {
        var remaining = await RemainingAsync(client, contractId);
        var ledger = await LedgerAsync(client, contractId);
        var running = 0;
        for (var i = 0; i < ledger.Count; i++)
        {
            running += ledger[i].Int("delta")!.Value;
            Assert.True(running >= 0, $"entry {i} takes the balance below zero: {ledger[i].ToJsonString()}");
            Assert.True(running == ledger[i].Int("balanceAfter"), $"entry {i} says balanceAfter {ledger[i].Int("balanceAfter")} but the running sum is {running}: {ledger[i].ToJsonString()}");
        }
        Assert.Equal(remaining, running);
        return ledger;
    }

    public static List<JsonNode> OfKind(this IEnumerable<JsonNode> ledger, string kind) => [.. ledger.Where(e => e.Str("kind") == kind)];
}
