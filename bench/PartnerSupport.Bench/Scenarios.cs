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
}
