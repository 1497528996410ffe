namespace SmartLab.Bench.Benchmarks;

/// <summary>What a sink has counted so far: messages it took (accepted or refused) and how many of them it refused.</summary>
public readonly record struct SinkReading(long Seen, long Rejected)
{
    public static SinkReading operator -(SinkReading a, SinkReading b) => new(a.Seen - b.Seen, a.Rejected - b.Rejected);
}
