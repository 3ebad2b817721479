using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PartnerSupport.Bench;

public static class Clients
{
    /// <summary>One keep-alive connection per client at most; no proxy, cookies or redirects.</summary>
    public static HttpClient Create(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
}

/// <summary>One HTTP request per run; any other status than the expected one is an error.</summary>
public sealed class HttpOperation(HttpClient http, Func<HttpRequestMessage> build, HttpStatusCode expected) : IOperation
{
    public async ValueTask<bool> RunAsync(CancellationToken ct)
    {
        using var request = build();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        if (response.StatusCode == expected)
            return true;
        var body = await response.Content.ReadAsStringAsync(ct);
        throw new HttpRequestException($"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The few API calls the set-up needs, as the operator or the bench user.</summary>
public sealed class Api(HttpClient http)
{
    public async Task<string> TokenAsync(Credentials account)
    {
        var answer = await SendAsync(HttpMethod.Post, "/v1/token", new { email = account.Email, password = account.Password }, null, HttpStatusCode.OK);
        return answer.GetProperty("accessToken").GetString()!;
    }

    public Task<JsonElement> PostAsync(string path, object body, string token) =>
        SendAsync(HttpMethod.Post, path, body, token, HttpStatusCode.Created);

    public Task<JsonElement> GetAsync(string path, string token) =>
        SendAsync(HttpMethod.Get, path, null, token, HttpStatusCode.OK);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, string? token, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
            request.Content = JsonContent.Create(body);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }
}
