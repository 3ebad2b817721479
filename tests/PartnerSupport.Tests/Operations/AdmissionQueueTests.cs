using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PartnerSupport.Tests.Infrastructure;

namespace PartnerSupport.Tests.Operations;

/// <summary>
/// A node works on RateLimits:ConcurrentRequests requests at once; the others wait their turn in one
/// queue of RateLimits:QueuedRequests, and one more is refused at once with 429 and Retry-After,
/// while the health probes still answer. Run against the server as a process of its own (Kestrel),
/// where a request whose body is still arriving holds its turn as it would in production.
/// </summary>
public sealed class AdmissionQueueTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [SkippableFact]
    public async Task Beyond_the_requests_a_node_works_on_at_once_the_rest_wait_their_turn_and_one_more_than_the_queue_holds_is_refused()
    {
        await using var server = await ServerProcess.StartAsync(_db, "one turn", new Dictionary<string, string>
        {
            ["RateLimits__ConcurrentRequests"] = "1",
            ["RateLimits__QueuedRequests"] = "1",
        });
        var s = await Scenario.StartAsync(server);
        var partner = await s.PartnerWithContractAsync("Queue Partner");
        var token = partner.Engineer.Http.DefaultRequestHeaders.Authorization!.Parameter!;

        // A create whose body has not all arrived holds the node's one turn. Its body comes in chunks
        // of whitespace (valid before JSON) fast enough for Kestrel's minimum data rate.
        var json = JsonSerializer.Serialize(Scenario.Request(partner.ProductId, partner.Contract.SupportContractId), JsonSerializerOptions.Web);
        using var slow = new TcpClient();
        await slow.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = slow.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /v1/servicerequests/en-US HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        using var release = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            while (!release.IsCancellationRequested)
            {
                await stream.WriteAsync(Chunk(new string(' ', 100)));
                await stream.FlushAsync();
                await Task.Delay(200);
            }
        });
        using var client = Client(server, token);
        var waiting = await UntilOneWaitsAsync(client);

        // The queue's one place is taken: one request more is refused at once.
        var refused = await client.GetAsync("/v1/me").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
            Assert.Equal("too-many-requests", problem.RootElement.GetProperty("code").GetString());

        // A busy node is not a dead one: the probes pass the queue.
        Assert.Equal(HttpStatusCode.OK, (await server.Client().Http.GetAsync("/healthz/live")).StatusCode);
        Assert.False(waiting.IsCompleted, "the queued request answered while the only turn was taken");

        // Once the create has its body, it is answered, and the one that waited gets its turn.
        await release.CancelAsync();
        await trickle;
        await stream.WriteAsync(Chunk(json));
        await stream.WriteAsync(Encoding.ASCII.GetBytes("0\r\n\r\n"));
        await stream.FlushAsync();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.Equal("HTTP/1.1 201 Created", (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))?.Trim());
        Assert.Equal(HttpStatusCode.OK, (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);
    }

    /// <summary>
    /// Sends requests until one has to wait: the slow create then holds the turn and this one the
    /// queue's place (a request answered at once came before the create reached its turn).
    /// </summary>
    private static async Task<Task<HttpResponseMessage>> UntilOneWaitsAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, "the slow create never took the node's turn");
            var probe = client.GetAsync("/v1/me");
            if (await Task.WhenAny(probe, Task.Delay(TimeSpan.FromSeconds(2))) != probe)
                return probe;
            Assert.Equal(HttpStatusCode.OK, (await probe).StatusCode);
            await Task.Delay(50);
        }
    }

    private static byte[] Chunk(string data) =>
        Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(data):X}\r\n{data}\r\n");

    private static HttpClient Client(ServerProcess server, string token)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return http;
    }
}
