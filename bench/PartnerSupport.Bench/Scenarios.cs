using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PartnerSupport.Bench;

/// <summary>What each client does in each measurement.</summary>
public static class Scenarios
{
    public const string Title = "Benchmark: cluster node fails over during backup";
    public const string Description =
        "After the nightly backup starts, the secondary node of the availability group takes over and the application loses its "
        + "connections for about 40 seconds. Logs attached. Started after the last cumulative update.";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static object CreateBody(BenchData data) => new
    {
        title = Title,
        description = Description,
        severity = "moderate",
        productId = data.ProductId,
        supportContractId = data.ContractId,
    };

    /// <summary>GET /bench/hello: the server stack answering {"hello":"world"} with no work of ours.</summary>
    public static Func<int, Task<IOperation>> Hello(HttpClient http) =>
        _ => Task.FromResult<IOperation>(new HttpOperation(http,
            () => new HttpRequestMessage(HttpMethod.Get, new Uri("/bench/hello", UriKind.Relative)), HttpStatusCode.OK));

    /// <summary>GET /v1/supportcontracts/{id}: the balance, as the bench user.</summary>
    public static Func<int, Task<IOperation>> Read(HttpClient http, BenchData data, string token)
    {
        var uri = new Uri($"/v1/supportcontracts/{data.ContractId}", UriKind.Relative);
        var bearer = new AuthenticationHeaderValue("Bearer", token);
        return _ => Task.FromResult<IOperation>(new HttpOperation(http, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = bearer;
            return request;
        }, HttpStatusCode.OK));
    }

    /// <summary>POST /v1/servicerequests/en-US: one request consuming one incident.</summary>
    public static Func<int, Task<IOperation>> Create(HttpClient http, BenchData data, string token)
    {
        var uri = new Uri("/v1/servicerequests/en-US", UriKind.Relative);
        var bearer = new AuthenticationHeaderValue("Bearer", token);
        var body = JsonSerializer.SerializeToUtf8Bytes(CreateBody(data));
        return _ => Task.FromResult<IOperation>(new HttpOperation(http, () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
            request.Headers.Authorization = bearer;
            return request;
        }, HttpStatusCode.Created));
    }

    /// <summary>The consume transaction straight through the driver, one connection per client.</summary>
    public static Func<int, Task<IOperation>> Raw(Provider provider, string connectionString, BenchData data) =>
        provider == Provider.Sqlite
            ? async _ => await SqliteConsume.OpenAsync(connectionString, data)
            : async _ => await NpgsqlConsume.OpenAsync(connectionString, data);

    /// <summary>GET /v1/queue as a support engineer: the first page, or the page after <paramref name="continuationToken"/>.</summary>
    public static Func<int, Task<IOperation>> Queue(HttpClient http, string token, string? continuationToken = null)
    {
        var uri = new Uri("/v1/queue" + (continuationToken is null ? "" : "?continuationToken=" + Uri.EscapeDataString(continuationToken)), UriKind.Relative);
        var bearer = new AuthenticationHeaderValue("Bearer", token);
        return _ => Task.FromResult<IOperation>(new HttpOperation(http, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = bearer;
            return request;
        }, HttpStatusCode.OK));
    }

    /// <summary>
    /// The continuation token of a page deep inside the queue, reached as a client would, page by
    /// page: after <paramref name="pages"/> pages of 200, or the last page there is.
    /// </summary>
    public static async Task<(string Token, int Rows)> DeepQueueTokenAsync(HttpClient http, string token, int pages)
    {
        var api = new Api(http);
        string? next = null;
        string? last = null;
        var rows = 0;
        for (var i = 0; i < pages; i++)
        {
            var page = await api.GetAsync("/v1/queue?pageSize=200" + (next is null ? "" : "&continuationToken=" + Uri.EscapeDataString(next)), token);
            rows += page.GetProperty("items").GetArrayLength();
            next = page.TryGetProperty("continuationToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (next is null)
                break;
            last = next;
        }
        return (last ?? throw new InvalidOperationException("the queue has a single page: no deep page to measure"), rows);
    }
}
