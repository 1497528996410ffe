namespace SmartLab.Hub.Feed;

/// <summary>
/// What a sink delivers for one record: the record document (<see cref="RecordFileName"/>, JSON with metadata and
/// provenance) and the data files, each under a relative path. Built once per record and pass, shared by the sinks;
/// disposing it removes any spooled copies of the files.
/// </summary>
public sealed class FeedPackage : IDisposable
{
    /// <summary>The record document's name in a package.</summary>
    public const string RecordFileName = "record.json";

    readonly Action? _cleanup;

    public FeedPackage(string recordId, string kind, byte[] record, IReadOnlyList<FeedFile> files, Action? cleanup = null)
    {
        RecordId = recordId;
        Kind = kind;
        Record = record;
        Files = files;
        _cleanup = cleanup;
    }

    /// <summary>Job id or measurement id; sinks use it as idempotency key (folder name, <c>Idempotency-Key</c> header).</summary>
    public string RecordId { get; }

    /// <summary><c>job</c> or <c>measurement</c>.</summary>
    public string Kind { get; }

    /// <summary>The record document, UTF-8 JSON.</summary>
    public byte[] Record { get; }

    public IReadOnlyList<FeedFile> Files { get; }

    public void Dispose() => _cleanup?.Invoke();
}

/// <summary>A file of a package. <paramref name="Path"/> is relative, with <c>/</c> separators and no <c>..</c>; <paramref name="OpenRead"/> may be called once per sink.</summary>
public sealed record FeedFile(string Path, string MediaType, long Size, string Sha256, Func<Stream> OpenRead);
