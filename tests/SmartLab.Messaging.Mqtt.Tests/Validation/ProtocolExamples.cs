using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Messaging.Mqtt.Validation;

namespace SmartLab.Messaging.Mqtt.Tests.Validation;

/// <summary>One valid example of every payload, as docs/protocol.md shows them, and helpers to spoil them.</summary>
internal static class ProtocolExamples
{
    public const string Birth = """
        {"v":1,"online":true,"session":7,"status":"idle",
         "profile":{"id":"xrd-powder","version":"1.0.0"},
         "agent":{"name":"smartlab-sim","version":"0.1.0"},"ts":"2026-11-29T10:00:00.000Z"}
        """;

    public const string Will = """{"v":1,"online":false,"session":7}""";

    public const string Telemetry = """
        {"v":1,"seq":1042,"ts":"2026-11-29T10:00:01.250Z",
         "values":{"tubeVoltage":40.0,"tubeCurrent":30.0,"shutterOpen":false,"goniometerTwoTheta":12.5,
                   "detectorCountRate":1520,"enclosureTemperature":23.4}}
        """;

    public const string Event = """
        {"v":1,"ts":"2026-11-29T10:00:02.000Z","severity":"alarm","code":"INTERLOCK_DOOR_OPEN",
         "message":"enclosure door opened during exposure","jobId":null}
        """;

    public const string CommandRequest = """
        {"v":1,"commandId":"01JD7QK3M2X9ZP4R8T5VWYB6CA","name":"setTubePower","parameters":{"voltage":40,"current":30},
         "issuedBy":"staff:tanaka","jobId":null,"replyTo":"smartlab/v1/instruments/xrd-01/replies",
         "deadline":"2026-11-29T10:00:05.000Z"}
        """;

    public const string CommandReply = """
        {"v":1,"commandId":"01JD7QK3M2X9ZP4R8T5VWYB6CA","status":"completed","result":{"voltage":40,"current":30}}
        """;

    public const string JobStart = """
        {"v":1,"type":"start","jobId":"J-000123","attempt":1,"method":"theta2theta",
         "parameters":{"start":10,"stop":80,"step":0.02,"dwell":0.5},
         "sample":{"id":"S-000045","name":"LiCoO2 pellet #3"},
         "leaseSeconds":30,"requestedBy":"user:alice","operator":"staff:tanaka"}
        """;

    public const string JobAbort = """{"v":1,"type":"abort","jobId":"J-000123","attempt":1,"reason":"cancelled by staff"}""";

    public const string JobStatus = """
        {"v":1,"attempt":1,"state":"running","progress":0.42,"stage":"scanning","message":"","ts":"2026-11-29T10:03:00.000Z"}
        """;

    public const string Measurement = """
        {"v":1,"measurementId":"01JD7R0Y5N8C2M4K6P9QWXZT3B","jobId":"J-000123","attempt":1,"sampleId":"S-000045",
         "method":"theta2theta","startedAt":"2026-11-29T10:01:00.000Z","endedAt":"2026-11-29T10:31:00.000Z",
         "parameters":{"start":10,"stop":80,"step":0.02,"dwell":0.5},
         "conditions":{"temperature":298.2},
         "descriptors":{"twoTheta":{"dtype":"number","shape":[3501],"units":"deg"},
                        "intensity":{"dtype":"number","shape":[3501],"units":"{counts}"}},
         "data":{"twoTheta":[10.0,10.02],"intensity":[112,118]},
         "files":[{"fileId":"01JD7R0Z1F3H5J7K9M2N4P6Q8R","name":"scan.raw","mediaType":"application/octet-stream",
                   "size":123456,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}],
         "instrument":{"calibration":{"id":"CAL-2026-11","date":"2026-11-01"}}}
        """;

    public const string AckStored = """{"v":1,"kind":"measurement","id":"01JD7R0Y5N8C2M4K6P9QWXZT3B","status":"stored"}""";

    public const string Diagnostic = """
        {"v":1,"topic":"smartlab/v1/instruments/xrd-02/telemetry","code":"telemetry.unknown-channel",
         "message":"channel `tubeVoltag` is not declared by profile xrd-powder@1.0.0","ts":"2026-11-29T10:00:01.300Z"}
        """;

    public const string HubState = """{"v":1,"online":true,"ts":"2026-11-29T09:59:00.000Z"}""";

    public const string Rebirth = """{"v":1}""";

    /// <summary>(kind, example JSON) for every valid example above.</summary>
    public static TheoryData<PayloadKind, string> Valid => new()
    {
        { PayloadKind.State, Birth },
        { PayloadKind.State, Will },
        { PayloadKind.Telemetry, Telemetry },
        { PayloadKind.Event, Event },
        { PayloadKind.CommandRequest, CommandRequest },
        { PayloadKind.CommandReply, CommandReply },
        { PayloadKind.JobRequest, JobStart },
        { PayloadKind.JobRequest, JobAbort },
        { PayloadKind.JobStatus, JobStatus },
        { PayloadKind.Measurement, Measurement },
        { PayloadKind.Ack, AckStored },
        { PayloadKind.Diagnostic, Diagnostic },
        { PayloadKind.HubState, HubState },
        { PayloadKind.Rebirth, Rebirth },
    };

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Parses <paramref name="json"/>, lets <paramref name="spoil"/> change it, and returns the result.</summary>
    public static JsonElement With(string json, Action<JsonObject> spoil)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        spoil(node);
        return Parse(node.ToJsonString());
    }
}
