using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent.Measurements;

/// <summary>
/// A file to send with a measurement (an image, an instrument-native raw file). The agent copies it into its outbox,
/// computes size and SHA-256, and sends it in chunks; the measurement's <c>files</c> entry is filled in for you.
/// </summary>
public sealed class OutgoingFile
{
    readonly Func<Stream> _open;

    OutgoingFile(string fileId, string name, string mediaType, Func<Stream> open)
    {
        if (!ProtocolConstants.IsValidMessageId(fileId))
        {
            throw new ArgumentException($"file id '{fileId}' must match {ProtocolConstants.MessageIdPattern}", nameof(fileId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        FileId = fileId;
        Name = name;
        MediaType = mediaType;
        _open = open;
    }

    /// <summary>The file's id on the wire (a new ULID unless given).</summary>
    public string FileId { get; }

    /// <summary>File name shown to users, for example <c>image.png</c>.</summary>
    public string Name { get; }

    /// <summary>Media type, for example <c>image/png</c>.</summary>
    public string MediaType { get; }

    /// <summary>A file whose content is in memory.</summary>
    public static OutgoingFile FromBytes(string name, string mediaType, ReadOnlyMemory<byte> content, string? fileId = null)
    {
        var copy = content.ToArray();
        return new OutgoingFile(fileId ?? MessageId.New(), name, mediaType, () => new MemoryStream(copy, writable: false));
    }

    /// <summary>A file on disk; it is copied into the outbox, so it may be deleted once the publish call returns.</summary>
    public static OutgoingFile FromPath(string path, string mediaType, string? name = null, string? fileId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new OutgoingFile(fileId ?? MessageId.New(), name ?? Path.GetFileName(path), mediaType, () => File.OpenRead(path));
    }

    internal Stream Open() => _open();
}
