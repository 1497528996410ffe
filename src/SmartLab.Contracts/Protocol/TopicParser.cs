namespace SmartLab.Contracts.Protocol;

/// <summary>Parses protocol v1 topic names without allocating for topics it rejects.</summary>
public static class TopicParser
{
    const string InstrumentsPrefix = ProtocolConstants.TopicRoot + "/instruments/";

    /// <summary>Parses <paramref name="topic"/>; returns <see cref="TopicKind.Unknown"/> for anything outside the v1 scheme.</summary>
    public static ParsedTopic Parse(string topic)
    {
        if (topic == Topics.HubState)
        {
            return new ParsedTopic(TopicKind.HubState, null);
        }

        if (!topic.StartsWith(InstrumentsPrefix, StringComparison.Ordinal))
        {
            return default;
        }

        var rest = topic.AsSpan(InstrumentsPrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return default;
        }

        var id = rest[..slash];
        var tail = rest[(slash + 1)..];
        var kind = tail switch
        {
            "state" => TopicKind.State,
            "telemetry" => TopicKind.Telemetry,
            "events" => TopicKind.Events,
            "replies" => TopicKind.Replies,
            "measurements" => TopicKind.Measurements,
            "commands" => TopicKind.Commands,
            "jobs" => TopicKind.Jobs,
            "acks" => TopicKind.Acks,
            "rebirth" => TopicKind.Rebirth,
            "diagnostics" => TopicKind.Diagnostics,
            _ => TopicKind.Unknown,
        };

        if (kind != TopicKind.Unknown)
        {
            return ValidId(id, out var instrumentId) ? new ParsedTopic(kind, instrumentId) : default;
        }

        // jobs/{jobId}/status
        if (tail.StartsWith("jobs/") && tail.EndsWith("/status"))
        {
            var jobId = tail["jobs/".Length..^"/status".Length];
            if (jobId.Length > 0 && jobId.IndexOf('/') < 0 && ProtocolConstants.IsValidMessageId(jobId.ToString())
                && ValidId(id, out var instrumentId))
            {
                return new ParsedTopic(TopicKind.JobStatus, instrumentId, JobId: jobId.ToString());
            }

            return default;
        }

        // files/{fileId}/{chunkIndex}/{chunkCount}
        if (tail.StartsWith("files/"))
        {
            var parts = tail["files/".Length..];
            Span<Range> ranges = stackalloc Range[4];
            if (parts.Split(ranges, '/') != 3)
            {
                return default;
            }

            var fileId = parts[ranges[0]].ToString();
            if (!ProtocolConstants.IsValidMessageId(fileId)
                || !int.TryParse(parts[ranges[1]], System.Globalization.NumberStyles.None, null, out var index)
                || !int.TryParse(parts[ranges[2]], System.Globalization.NumberStyles.None, null, out var count)
                || count < 1 || index >= count || !ValidId(id, out var instrumentId))
            {
                return default;
            }

            return new ParsedTopic(TopicKind.FileChunk, instrumentId, FileId: fileId, ChunkIndex: index, ChunkCount: count);
        }

        return default;
    }

    static bool ValidId(ReadOnlySpan<char> id, out string instrumentId)
    {
        instrumentId = id.ToString();
        return ProtocolConstants.IsValidInstrumentId(instrumentId);
    }
}
