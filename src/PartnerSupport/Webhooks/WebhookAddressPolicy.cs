using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PartnerSupport.Alerts;

namespace PartnerSupport.Webhooks;

/// <summary>
/// Where a subscription may send: not into the network the server runs in. Checked when the
/// subscription is made and again at every connection, on the very address connected to, so a
/// name that later resolves elsewhere (DNS rebinding) cannot slip through.
/// </summary>
public static class WebhookAddressPolicy
{
    /// <summary>The HTTP client for subscriptions: it connects only to allowed addresses and follows no redirect.</summary>
    public const string HttpClientName = "webhook-subscriptions";

    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>False for loopback, private, link-local, unique-local, unspecified, multicast and broadcast addresses.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                   // 0.0.0.0/8, "this network"
                || b[0] == 127                                    // loopback
                || b[0] == 10                                     // private
                || (b[0] == 172 && (b[1] & 0xF0) == 16)           // private 172.16/12
                || (b[0] == 192 && b[1] == 168)                   // private
                || (b[0] == 169 && b[1] == 254)                   // link-local, cloud metadata
                || (b[0] == 100 && (b[1] & 0xC0) == 64)           // carrier-grade NAT 100.64/10
                || b[0] >= 224);                                  // multicast, reserved, broadcast
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        }
        return false;
    }

    /// <summary>The host's addresses; refused (with why) when any is not allowed or there are none.</summary>
    public static async Task<(IPAddress[] Addresses, string? Refusal)> ResolveAsync(string host, bool allowPrivateNetworks, CancellationToken ct)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ResolveTimeout);
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return ([], $"the host {host} could not be resolved");
            }
        }
        if (addresses.Length == 0)
            return ([], $"the host {host} could not be resolved");
        // Any forbidden address refuses the whole name: which one a client would get is not ours to choose.
        if (!allowPrivateNetworks && addresses.FirstOrDefault(a => !IsPublic(a)) is { } forbidden)
            return ([], $"the host {host} resolves to {forbidden}, a loopback, private, link-local or unique-local address");
        return (addresses, null);
    }

    /// <summary>
    /// The subscriptions client's connect step: resolves the name itself, checks every address,
    /// and connects to one of those checked, never to a name resolved again afterwards.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(IOptions<WebhookOptions> options) =>
        async (context, ct) =>
        {
            var endpoint = context.DnsEndPoint;
            var (addresses, refusal) = await ResolveAsync(endpoint.Host, options.Value.AllowPrivateNetworks, ct);
            if (refusal is not null)
                throw new WebhookAddressRefusedException(refusal);
            Exception? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    last = ex;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            throw last ?? new SocketException((int)SocketError.HostNotFound);
        };
}

/// <summary>A delivery refused before connecting: the address is not one a subscription may reach.</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);
