using System.Net;
using System.Net.Sockets;

namespace SmartLab.Hub.Jobs;

/// <summary>
/// Keeps user-supplied webhook URLs from reaching the facility's internal network: unless the operator allows it, the
/// hub connects only to public addresses (checked on the resolved address at connect time, so a DNS name that points
/// inward is refused too).
/// </summary>
public static class WebhookTargets
{
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] == 0;
    }

    /// <summary>A handler whose connections go only to public addresses (or anywhere, when <paramref name="allowPrivate"/>).</summary>
    public static SocketsHttpHandler CreateHandler(bool allowPrivate) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
            var usable = addresses.Where(a => allowPrivate || !IsPrivate(a)).ToArray();
            if (usable.Length == 0)
            {
                throw new HttpRequestException($"webhook host {context.DnsEndPoint.Host} resolves only to internal addresses, which webhooks may not reach");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
