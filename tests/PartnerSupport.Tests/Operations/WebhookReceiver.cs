using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PartnerSupport.Tests.Operations;

/// <summary>One POST the receiver got: the exact body bytes and the headers a receiver checks.</summary>
public sealed record ReceivedWebhook(byte[] Body, string? Signature, string? Id, string? Timestamp, string? Event, string? ContentType, int Answered)
{
    public string Text => Encoding.UTF8.GetString(Body);
    public JsonNode Json => JsonNode.Parse(Body)!;

    /// <summary>What a receiver does: recompute the HMAC over the raw body and compare in constant time.</summary>
    public bool SignatureValid(string secret)
    {
        if (Signature is null || !Signature.StartsWith("sha256=", StringComparison.Ordinal))
            return false;
        var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(Signature));
    }
}

/// <summary>
/// A webhook receiver on 127.0.0.1 (HttpListener): records every POST and answers each with the
/// next programmed status, then 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _answers = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Task _loop;

    public WebhookReceiver(params int[] answers)
    {
        foreach (var status in answers)
            _answers.Enqueue(status);
        for (var attempt = 1; ; attempt++)
        {
            Url = $"http://127.0.0.1:{FreePort()}/hooks/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between choosing and binding: another one.
            }
        }
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }
    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public Dictionary<string, string?> Settings() => new()
    {
        ["Webhooks:Url"] = Url,
        ["Webhooks:Secret"] = Secret,
        ["Webhooks:PollInterval"] = "00:00:00.100",
    };

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var status = _answers.TryDequeue(out var programmed) ? programmed : 200;
            var headers = context.Request.Headers;
            _received.Enqueue(new ReceivedWebhook(body.ToArray(), headers["X-PartnerSupport-Signature"], headers["X-PartnerSupport-Id"],
                headers["X-PartnerSupport-Timestamp"], headers["X-PartnerSupport-Event"], context.Request.ContentType, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Waits for something the workers do in the background; the deadline only stops a hang.</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Still waiting for: {what}");
            await Task.Delay(50);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, int seconds = 60) =>
        UntilAsync(() => Task.FromResult(condition()), what, seconds);
}
