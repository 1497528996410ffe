using System.Net;
using System.Net.Sockets;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace SmartLab.Messaging.Mqtt.Broker;

/// <summary>
/// The embedded broker's TCP listener: MQTTnet's own channel and packet reader behind a <see cref="PacketSizeGuardStream"/>,
/// so an oversized packet closes its connection before memory is reserved for it.
/// </summary>
sealed class GuardedTcpServerAdapter(IPAddress bindAddress, int maxPacketBytes) : IMqttServerAdapter
{
    TcpListener? _listener;
    CancellationTokenSource? _stopping;
    MqttServerOptions? _options;
    IMqttNetLogger? _logger;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>The port actually bound (useful when 0 was asked for).</summary>
    public int BoundPort { get; private set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _options = options;
        _logger = logger;
        _stopping = new CancellationTokenSource();
        _listener = new TcpListener(bindAddress, options.DefaultEndpointOptions.Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start(options.DefaultEndpointOptions.ConnectionBacklog);
        BoundPort = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync(_listener, _stopping.Token);
        return Task.CompletedTask;
    }

    async Task AcceptLoopAsync(TcpListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _ = Task.Run(() => HandleAsync(socket), CancellationToken.None);
        }
    }

    async Task HandleAsync(Socket socket)
    {
        try
        {
            socket.NoDelay = true;
            await using var stream = new PacketSizeGuardStream(new NetworkStream(socket, ownsSocket: true), maxPacketBytes);
            var channel = new MqttTcpChannel(stream, socket.LocalEndPoint, socket.RemoteEndPoint, null);
            var writer = new MqttBufferWriter(_options!.WriterBufferSize, _options.WriterBufferSizeMax);
            // Without fragmentation MQTTnet writes a packet's header and payload in one send() instead of two: send() was
            // most of the hub's CPU when fanning one message out to many observers.
            using var adapter = new MqttChannelAdapter(channel, new MqttPacketFormatterAdapter(writer), _logger)
            {
                AllowPacketFragmentation = false,
            };
            if (ClientHandler is { } handler)
            {
                await handler(adapter).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // The connection is gone (closed, oversized or malformed); MQTTnet has already logged and cleaned up the session.
        }
        finally
        {
            socket.Dispose();
        }
    }

    public Task StopAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    void Stop()
    {
        if (Interlocked.Exchange(ref _stopping, null) is { } stopping)
        {
            stopping.Cancel();
            _listener?.Stop();
            stopping.Dispose();
        }
    }

    public void Dispose() => Stop();
}
