using System.Diagnostics;

namespace SmartLab.Bench.Load;

/// <summary>Sends PINGREQ on every connection that has been quiet for a third of the keep-alive, as an MQTT client library would.</summary>
public sealed class KeepAlivePinger : IDisposable
{
    readonly List<MqttConnection> _connections = [];
    readonly Lock _gate = new();
    readonly Timer _timer;

    public KeepAlivePinger() => _timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    public void Add(IEnumerable<MqttConnection> connections)
    {
        lock (_gate)
        {
            _connections.AddRange(connections);
        }
    }

    void Tick()
    {
        var quiet = Stopwatch.Frequency * Agents.KeepAliveSeconds / 3;
        MqttConnection[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _connections];
        }

        foreach (var connection in snapshot)
        {
            if (connection.IsOpen && Stopwatch.GetTimestamp() - connection.LastSendTicks > quiet)
            {
                connection.Send(MqttWire.PingReq);
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
