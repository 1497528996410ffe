using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SmartLab.Bench.Load;

/// <summary>
/// Instant instruments for the jobs benchmark: each answers a job's <c>start</c> at once with one <c>succeeded</c> status
/// (QoS 1), as an instrument whose measurement takes no time would. The start's arrival is the job's dispatch; the
/// hub's PUBACK of the status, which it sends after committing the job's new state, is its completion. Called on each
/// connection's receive loop.
/// </summary>
public sealed class JobInstruments : IMqttLoad
{
    /// <summary>Packet ids of status publishes; those from 60,000 up are the connection's own setup steps.</summary>
    const ushort LastPacketId = 59_999;

    sealed class Instrument(string id)
    {
        public readonly string Id = id;
        public readonly byte[] Buffer = new byte[1024];
        public ushort NextPacketId;
    }

    volatile JobIdTracker? _tracker;
    long _starts;
    long _refused;
    long _ignored;

    /// <summary>Where the running phase's starts and completions go (null between phases).</summary>
    public JobIdTracker? Tracker
    {
        get => _tracker;
        set => _tracker = value;
    }

    /// <summary>Starts received, in all phases.</summary>
    public long Starts => Interlocked.Read(ref _starts);

    /// <summary>Status publishes the hub refused (PUBACK reason 0x80 or above).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Messages on the jobs topic that were not a start (aborts), or arrived between phases.</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    public void Add(MqttConnection connection)
    {
        connection.Tag = new Instrument(connection.ClientId);
        connection.Attach(this);
    }

    public void OnPublish(MqttConnection connection, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, int qos, ushort packetId)
    {
        var received = Stopwatch.GetTimestamp();
        var instrument = (Instrument)connection.Tag!;
        if (qos > 0)
        {
            Span<byte> ack = stackalloc byte[4];
            MqttWire.WritePubAck(ack, packetId);
            connection.Send(ack);
        }

        var (type, jobId, attempt) = ReadRequest(payload);
        if (type != "start" || jobId is null || Tracker is not { } tracker)
        {
            Interlocked.Increment(ref _ignored);
            return;
        }

        Interlocked.Increment(ref _starts);
        if (tracker.Started(jobId, attempt, received))
        {
            Succeed(connection, instrument, jobId, attempt);
        }
    }

    public void OnPubAck(MqttConnection connection, ushort packetId, byte reason)
    {
        if (reason >= 0x80)
        {
            Interlocked.Increment(ref _refused);
            return;
        }

        Tracker?.Ledger.Complete();
    }

    public void OnReceived(MqttConnection connection)
    {
    }

    /// <summary>
    /// Publishes <c>{"v":1,"attempt":N,"state":"succeeded","progress":1,"measurementIds":[],"ts":…}</c> on the job's status
    /// topic: an instant instrument measures nothing, and says so.
    /// </summary>
    static void Succeed(MqttConnection connection, Instrument instrument, string jobId, int attempt)
    {
        var topic = Encoding.UTF8.GetBytes($"smartlab/v1/instruments/{instrument.Id}/jobs/{jobId}/status");
        Span<byte> timestamp = stackalloc byte[WallClock.TimestampLength];
        WallClock.Write(timestamp);
        var payload = Encoding.UTF8.GetBytes(
            $$"""{"v":1,"attempt":{{attempt}},"state":"succeeded","progress":1,"measurementIds":[],"ts":"{{Encoding.ASCII.GetString(timestamp)}}"}""");
        instrument.NextPacketId = instrument.NextPacketId >= LastPacketId ? (ushort)1 : (ushort)(instrument.NextPacketId + 1);
        var length = MqttWire.WritePublish(instrument.Buffer, topic, 1, false, instrument.NextPacketId, payload);
        connection.Send(instrument.Buffer.AsSpan(0, length));
    }

    /// <summary>The <c>type</c>, <c>jobId</c> and <c>attempt</c> of a job request; the rest of it is not needed here.</summary>
    static (string? Type, string? JobId, int Attempt) ReadRequest(ReadOnlySpan<byte> payload)
    {
        string? type = null;
        string? jobId = null;
        var attempt = 0;
        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null, 0);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.GetString();
                }
                else if (reader.ValueTextEquals("jobId"u8))
                {
                    reader.Read();
                    jobId = reader.GetString();
                }
                else if (reader.ValueTextEquals("attempt"u8))
                {
                    reader.Read();
                    attempt = reader.GetInt32();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return (null, null, 0);
        }

        return (type, jobId, attempt);
    }
}
