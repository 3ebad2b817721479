using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartnerSupport.Tests.Infrastructure;

/// <summary>Talks to the API as a client would: JSON over HTTP with a bearer token.</summary>
public sealed class ApiClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public async Task SignInAsync(string email, string password)
    {
        var response = await PostAsync("/v1/token", new { email, password });
        response.AssertStatus(HttpStatusCode.OK);
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", response.Json!["accessToken"]!.GetValue<string>());
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<ApiResponse> PostAsync(string path, object? body = null, IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            request.Headers.Add(name, value);
        return SendAsync(request);
    }

    public Task<ApiResponse> PostRawAsync(string path, string body, string contentType = "application/json") =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) });

    public Task<ApiResponse> LinkAsync(string accessId, string contractId) =>
        PostAsync("/v1/supportcontracts/links", new { accessId, contractId });

    public Task<ApiResponse> LinkAsync(ActivatedBenefit ids) => LinkAsync(ids.AccessId, ids.ContractId);

    public async Task<int> LedgerCountAsync(string supportContractId) =>
        (await GetAsync($"/v1/supportcontracts/{supportContractId}/ledger")).AssertStatus(HttpStatusCode.OK).Items().Count;

    public Task<ApiResponse> PatchAsync(string path, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body) });

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType is { } media && media.Contains("json", StringComparison.Ordinal))
            json = JsonNode.Parse(text);
        return new ApiResponse(response.StatusCode, json, text, response.Content.Headers.ContentType?.MediaType, response.Headers);
    }
}

public sealed record ApiResponse(HttpStatusCode Status, JsonNode? Json, string Text, string? MediaType, HttpResponseHeaders Headers)
{
    public ApiResponse AssertStatus(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} {expected}, got {(int)Status} {Status}: {Text}");
        return this;
    }

    /// <summary>Asserts a problem-details refusal with the given status and stable code.</summary>
    public ApiResponse AssertProblem(HttpStatusCode expected, string code)
    {
        AssertStatus(expected);
        Assert.Equal("application/problem+json", MediaType);
        Assert.Equal(code, Json!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(Json["detail"]?.GetValue<string>()), "problem details must explain themselves");
        return this;
    }

    public string Id => Json!["id"]!.GetValue<string>();

    public string Str(string name) => Json![name]!.GetValue<string>();

    public int? Int(string name) => Json![name]?.GetValue<int>();

    public JsonArray Items(string name = "items") => Json![name]!.AsArray();

    public string Detail() => Str("detail");

    public override string ToString() => $"{(int)Status} {Text}";
}

public static class JsonNodeExtensions
{
    public static string Iso(this DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();

    public static int? Int(this JsonNode node, string name) => node[name]?.GetValue<int>();

    public static T Deserialize<T>(this JsonNode node) => node.Deserialize<T>(JsonSerializerOptions.Web)!;
}
