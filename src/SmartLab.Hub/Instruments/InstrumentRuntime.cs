using System.Text.Json;
using SmartLab.Domain.Instruments;
using SmartLab.Domain.Profiles;

namespace SmartLab.Hub.Instruments;

/// <summary>An instrument's live state in memory: the stored record plus what changes per message.</summary>
public sealed class InstrumentRuntime(InstrumentRecord record)
{
    readonly Lock _gate = new();

    public InstrumentRecord Record { get; private set; } = record;

    /// <summary>The profile the agent's birth named, when the hub has it; telemetry is validated against it.</summary>
    public DeviceProfile? Profile { get; set; }

    public long LastSeq { get; set; } = -1;
    public DateTimeOffset? LastTelemetryAt { get; private set; }
    public IReadOnlyDictionary<string, JsonElement> LastValues { get; private set; } = new Dictionary<string, JsonElement>();
    public DateTimeOffset? LastRebirthRequest { get; set; }

    // Counters since the hub started.
    long _telemetry;
    long _telemetryRejected;
    long _seqGaps;
    long _measurements;
    long _measurementsRejected;
    long _staleWills;

    public long TelemetryAccepted => Interlocked.Read(ref _telemetry);
    public long TelemetryRejected => Interlocked.Read(ref _telemetryRejected);
    public long SeqGaps => Interlocked.Read(ref _seqGaps);
    public long MeasurementsStored => Interlocked.Read(ref _measurements);
    public long MeasurementsRejected => Interlocked.Read(ref _measurementsRejected);
    public long StaleWillsIgnored => Interlocked.Read(ref _staleWills);

    public Lock Gate => _gate;

    /// <summary>Serializes state changes of one instrument (a late will racing a new birth).</summary>
    public SemaphoreSlim StateLock { get; } = new(1, 1);

    long _version;

    /// <summary>Registry version of <see cref="Record"/>: grows with every committed change.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// Installs a record read back from a committed write. Writes commit in the writer's order, but their callers resume in
    /// any order, so a record older than the one already installed is ignored.
    /// </summary>
    public void Replace(InstrumentRecord record, long version)
    {
        lock (_gate)
        {
            if (version > _version)
            {
                Record = record;
                _version = version;
            }
        }
    }

    public void TelemetryStored(DateTimeOffset ts, IReadOnlyDictionary<string, JsonElement> values)
    {
        Interlocked.Increment(ref _telemetry);
        LastTelemetryAt = ts;
        LastValues = values;
    }

    public void CountTelemetryRejected() => Interlocked.Increment(ref _telemetryRejected);
    public void CountSeqGap(long missing) => Interlocked.Add(ref _seqGaps, missing);
    public void CountMeasurementStored() => Interlocked.Increment(ref _measurements);
    public void CountMeasurementRejected() => Interlocked.Increment(ref _measurementsRejected);
    public void CountStaleWill() => Interlocked.Increment(ref _staleWills);
}
