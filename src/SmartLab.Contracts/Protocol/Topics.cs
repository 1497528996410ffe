namespace SmartLab.Contracts.Protocol;

/// <summary>Builds protocol v1 topic names. <c>P</c> = <c>smartlab/v1</c>.</summary>
public static class Topics
{
    const string Instruments = ProtocolConstants.TopicRoot + "/instruments/";

    public const string HubState = ProtocolConstants.TopicRoot + "/hub/state";

    // Agent publishes.
    public static string State(string id) => Instruments + id + "/state";
    public static string Telemetry(string id) => Instruments + id + "/telemetry";
    public static string Events(string id) => Instruments + id + "/events";
    public static string Replies(string id) => Instruments + id + "/replies";
    public static string JobStatus(string id, string jobId) => Instruments + id + "/jobs/" + jobId + "/status";
    public static string Measurements(string id) => Instruments + id + "/measurements";
    public static string FileChunk(string id, string fileId, int chunkIndex, int chunkCount) =>
        $"{Instruments}{id}/files/{fileId}/{chunkIndex}/{chunkCount}";

    // Hub publishes.
    public static string Commands(string id) => Instruments + id + "/commands";
    public static string Jobs(string id) => Instruments + id + "/jobs";
    public static string Acks(string id) => Instruments + id + "/acks";
    public static string Rebirth(string id) => Instruments + id + "/rebirth";
    public static string Diagnostics(string id) => Instruments + id + "/diagnostics";
}
