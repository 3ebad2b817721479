using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using PartnerSupport.Tests.Infrastructure;
using PartnerSupport.Tests.Operations;

namespace PartnerSupport.Tests.Casework;

/// <summary>The steps the casework tests repeat, sent as a client would: staff accounts, requests, messages, files.</summary>
internal static class CaseworkSteps
{
    private static int _next;

    /// <summary>A support engineer created by the operator through POST /v1/staff, signed in.</summary>
    public static async Task<(ApiClient Client, string Id)> EngineerAsync(this Scenario s, TestApp app, string? name = null)
    {
        var n = Interlocked.Increment(ref _next);
        var email = $"engineer{n}@support.example";
        var created = (await s.Operator.PostAsync("/v1/staff", new { email, displayName = name ?? $"Engineer {n}", roles = new[] { "supportEngineer" }, password = TestApp.Password }))
            .AssertStatus(HttpStatusCode.Created);
        return (await app.SignInAsync(email), created.Id);
    }

    public static async Task<string> OpenIdAsync(this PartnerWithContract p, string severity = "moderate", string title = "Cluster lost quorum", string? description = null)
    {
        var response = await p.Engineer.PostAsync("/v1/servicerequests/en-US", new
        {
            title,
            description = description ?? "Failover stopped after the update.",
            severity,
            productId = p.ProductId,
            supportContractId = p.Contract.SupportContractId,
        });
        return response.AssertStatus(HttpStatusCode.Created).Id;
    }

    public static async Task<ApiResponse> MessageAsync(this ApiClient client, string requestId, string text, string visibility = "public") =>
        await client.PostAsync($"/v1/servicerequests/{requestId}/messages", new { text, visibility });

    public static async Task<JsonArray> QueueAsync(this ApiClient staff, string query = "") =>
        (await staff.GetAsync("/v1/queue" + query)).AssertStatus(HttpStatusCode.OK).Items();

    public static Task<ApiResponse> UploadAsync(this ApiClient client, string requestId, byte[] bytes, string fileName, string? messageId = null, string contentType = "application/octet-stream")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        if (messageId is not null)
            form.Add(new StringContent(messageId), "messageId");
        return client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/v1/servicerequests/{requestId}/attachments") { Content = form });
    }

    public static IEnumerable<string> Ids(this JsonArray items) => items.Select(i => i!.Str("id"));
}
