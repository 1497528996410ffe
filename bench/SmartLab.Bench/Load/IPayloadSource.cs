namespace SmartLab.Bench.Load;

/// <summary>Writes the payload of message number <c>seq</c> of one publisher.</summary>
public interface IPayloadSource
{
    /// <summary>Largest payload this source writes, in bytes.</summary>
    int MaxLength { get; }

    int Write(Span<byte> destination, long seq);
}
