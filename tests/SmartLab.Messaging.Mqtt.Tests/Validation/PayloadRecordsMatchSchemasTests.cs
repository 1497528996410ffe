using System.Text.Json;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Messaging.Mqtt.Validation;

namespace SmartLab.Messaging.Mqtt.Tests.Validation;

/// <summary>Keeps the C# records and the schema files in step: what the records write validates, what the schemas accept reads.</summary>
public class PayloadRecordsMatchSchemasTests
{
    static readonly DateTimeOffset At = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    static readonly JsonElement Object = JsonDocument.Parse("""{"voltage":40}""").RootElement.Clone();
    static readonly ErrorInfo Error = new("detector.overheated", "detector temperature 61 Cel is above 55 Cel");
    const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static TheoryData<PayloadKind, object> Records => new()
    {
        { PayloadKind.State, new StatePayload
            {
                Online = true, Session = 3, Status = "idle", Profile = new ProfileRef("xrd-powder", "1.0.0"),
                Agent = new AgentInfo("smartlab-agent", "0.1.0"), Ts = At,
            } },
        { PayloadKind.State, new StatePayload { Online = false, Session = 3 } },
        { PayloadKind.Telemetry, new TelemetryPayload
            {
                Seq = 0, Ts = At,
                Values = new Dictionary<string, JsonElement>
                {
                    ["tubeVoltage"] = JsonSerializer.SerializeToElement(40.0),
                    ["shutterOpen"] = JsonSerializer.SerializeToElement(true),
                    ["mode"] = JsonSerializer.SerializeToElement("standby"),
                },
            } },
        { PayloadKind.Telemetry, new TelemetryPayload { Seq = 1, Ts = At } },
        { PayloadKind.Event, new EventPayload { Ts = At, Severity = "warning", Code = "TUBE_AGEING", Message = "tube hours 9000", JobId = "J-1" } },
        { PayloadKind.CommandRequest, new CommandRequest
            {
                CommandId = "C1", Name = "setTubePower", Parameters = Object, IssuedBy = "staff:tanaka",
                ReplyTo = "smartlab/v1/instruments/xrd-02/replies", Deadline = At,
            } },
        { PayloadKind.CommandReply, new CommandReply { CommandId = "C1", Status = "completed", Result = Object } },
        { PayloadKind.CommandReply, new CommandReply { CommandId = "C1", Status = "failed", Error = Error } },
        { PayloadKind.JobRequest, new JobRequest
            {
                Type = "start", JobId = "J-000123", Attempt = 2, Method = "theta2theta", Parameters = Object,
                Sample = new SampleRef("S-000045", "LiCoO2 pellet #3"), LeaseSeconds = 30, RequestedBy = "user:alice",
                Operator = "staff:tanaka",
            } },
        { PayloadKind.JobRequest, new JobRequest { Type = "abort", JobId = "J-000123", Reason = "cancelled by staff" } },
        { PayloadKind.JobStatus, new JobStatusPayload { Attempt = 1, State = "running", Progress = 0.5, Stage = "scanning", Ts = At } },
        { PayloadKind.JobStatus, new JobStatusPayload { Attempt = 1, State = "succeeded", Progress = 1, MeasurementIds = ["M1", "M2"] } },
        { PayloadKind.JobStatus, new JobStatusPayload { Attempt = 1, State = "aborted", Error = Error } },
        { PayloadKind.Measurement, new MeasurementPayload
            {
                MeasurementId = "M1", JobId = "J-000123", Attempt = 1, SampleId = "S-000045", Method = "theta2theta",
                StartedAt = At, EndedAt = At.AddMinutes(30), Parameters = Object, Conditions = Object,
                Descriptors = new Dictionary<string, DataDescriptor>
                {
                    ["twoTheta"] = new() { Dtype = "number", Shape = [2], Units = "deg" },
                    ["flag"] = new() { Dtype = "boolean" },
                },
                Data = Object,
                Files = [new FileEntry { FileId = "F1", Name = "scan.raw", Size = 4, Sha256 = Sha256 }],
                Instrument = Object,
            } },
        { PayloadKind.Measurement, new MeasurementPayload { MeasurementId = "M2" } },
        { PayloadKind.Ack, new AckPayload { Kind = "file", Id = "F1", Status = "stored" } },
        { PayloadKind.Ack, new AckPayload { Kind = "measurement", Id = "M1", Status = "rejected", Error = Error } },
        { PayloadKind.Diagnostic, new DiagnosticPayload
            {
                Topic = "smartlab/v1/instruments/xrd-02/telemetry", Code = "telemetry.out-of-range",
                Message = "`tubeVoltage` = 90 kV is above the maximum 60 kV", Ts = At,
            } },
        { PayloadKind.HubState, new HubStatePayload { Online = true, Ts = At } },
        { PayloadKind.HubState, new HubStatePayload { Online = false } },
        { PayloadKind.Rebirth, new RebirthPayload() },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Serialize_Record_ValidatesAgainstItsSchema(PayloadKind kind, object record)
    {
        var json = JsonSerializer.SerializeToElement(record, record.GetType(), ProtocolJson.Options);

        var check = PayloadSchemas.Shared.Validate(kind, json);

        Assert.True(check.IsValid, $"{record.GetType().Name} as {kind}: {check.Message}\n{json}");
    }

    [Theory]
    [MemberData(nameof(ProtocolExamples.Valid), MemberType = typeof(ProtocolExamples))]
    public void Deserialize_ValidExample_ReadsIntoItsRecord(PayloadKind kind, string json)
    {
        var type = RecordType(kind);

        var record = JsonSerializer.Deserialize(json, type, ProtocolJson.Options);

        Assert.IsType(type, record);
    }

    [Fact]
    public void Records_CoverEveryPayloadKind()
    {
        var covered = Records.Select(row => (PayloadKind)row[0]).ToHashSet();

        Assert.Equal(PayloadKinds.All.ToHashSet(), covered);
    }

    static Type RecordType(PayloadKind kind) => kind switch
    {
        PayloadKind.State => typeof(StatePayload),
        PayloadKind.Telemetry => typeof(TelemetryPayload),
        PayloadKind.Event => typeof(EventPayload),
        PayloadKind.CommandRequest => typeof(CommandRequest),
        PayloadKind.CommandReply => typeof(CommandReply),
        PayloadKind.JobRequest => typeof(JobRequest),
        PayloadKind.JobStatus => typeof(JobStatusPayload),
        PayloadKind.Measurement => typeof(MeasurementPayload),
        PayloadKind.Ack => typeof(AckPayload),
        PayloadKind.Diagnostic => typeof(DiagnosticPayload),
        PayloadKind.HubState => typeof(HubStatePayload),
        PayloadKind.Rebirth => typeof(RebirthPayload),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
