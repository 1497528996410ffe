using System.Text.Json.Nodes;
using SmartLab.Messaging.Mqtt.Validation;

namespace SmartLab.Messaging.Mqtt.Tests.Validation;

/// <summary>Each kind of defect is refused with the path of the offending field and a sentence that says what to fix.</summary>
public class PayloadSchemasDefectTests
{
    static readonly PayloadSchemas Schemas = PayloadSchemas.Shared;

    static PayloadCheck Check(PayloadKind kind, string example, Action<JsonObject> spoil) =>
        Schemas.Validate(kind, ProtocolExamples.With(example, spoil));

    static void AssertFails(PayloadCheck check, string field, string message)
    {
        Assert.False(check.IsValid);
        Assert.Equal(field, check.Field);
        Assert.Contains(message, check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingMeasurementId_NamesIt()
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m => m.Remove("measurementId"));

        Assert.Equal(PayloadCheck.Invalid("measurementId", "`measurementId` is required"), check);
    }

    [Fact]
    public void Validate_MissingVersion_NamesIt()
    {
        var check = Check(PayloadKind.Telemetry, ProtocolExamples.Telemetry, t => t.Remove("v"));

        AssertFails(check, "v", "`v` is required");
    }

    [Fact]
    public void Validate_VersionTwo_NamesVersion()
    {
        var check = Check(PayloadKind.State, ProtocolExamples.Birth, s => s["v"] = 2);

        AssertFails(check, "v", "`v` must be 1 (this hub speaks protocol v1), not 2");
    }

    [Fact]
    public void Validate_VersionWrongAndFieldMissing_ReportsVersionFirst()
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m =>
        {
            m.Remove("measurementId");
            m["v"] = "1";
        });

        AssertFails(check, "v", "`v` must be 1");
    }

    [Fact]
    public void Validate_SequenceAsString_NamesWrongType()
    {
        var check = Check(PayloadKind.Telemetry, ProtocolExamples.Telemetry, t => t["seq"] = "1042");

        AssertFails(check, "seq", "`seq` must be an integer, not \"1042\"");
    }

    [Fact]
    public void Validate_FractionalSession_NamesWrongType()
    {
        var check = Check(PayloadKind.State, ProtocolExamples.Will, s => s["session"] = 7.5);

        AssertFails(check, "session", "`session` must be an integer, not 7.5");
    }

    [Fact]
    public void Validate_NegativeSession_NamesRange()
    {
        var check = Check(PayloadKind.State, ProtocolExamples.Will, s => s["session"] = -1);

        AssertFails(check, "session", "`session` must be at least 0, not -1");
    }

    [Fact]
    public void Validate_TelemetryValueThatIsAnObject_NamesTheChannel()
    {
        var check = Check(PayloadKind.Telemetry, ProtocolExamples.Telemetry, t => t["values"]!["tubeVoltage"] = new JsonObject());

        AssertFails(check, "values.tubeVoltage", "`values.tubeVoltage` must be a number, true or false or a string, not an object");
    }

    [Fact]
    public void Validate_ChannelNameThatIsNotAnIdentifier_IsQuotedInThePath()
    {
        var check = Check(PayloadKind.Telemetry, ProtocolExamples.Telemetry, t => t["values"]!["tube voltage"] = null);

        AssertFails(check, "values[\"tube voltage\"]", "not null");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData("01JD7R0Y5N8C2M4K6P9QWXZT3B01JD7R0Y5N8C2M4K6P9QWXZT3B01JD7R0Y5N8C2M4")]
    [InlineData("a/b")]
    public void Validate_BadMeasurementId_NamesThePattern(string id)
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m => m["measurementId"] = id);

        AssertFails(check, "measurementId", "`measurementId` must be 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-'");
    }

    [Fact]
    public void Validate_BadCommandId_NamesThePattern()
    {
        var check = Check(PayloadKind.CommandReply, ProtocolExamples.CommandReply, r => r["commandId"] = "01JD…");

        AssertFails(check, "commandId", "`commandId` must be 1 to 64 characters");
    }

    [Fact]
    public void Validate_BadFileId_NamesTheEntry()
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m => m["files"]![0]!["fileId"] = "scan.raw");

        AssertFails(check, "files[0].fileId", "`files[0].fileId` must be 1 to 64 characters");
    }

    [Theory]
    [InlineData("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015")]
    [InlineData("")]
    public void Validate_BadSha256_NamesTheFileEntry(string sha256)
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m => m["files"]![0]!["sha256"] = sha256);

        AssertFails(check, "files[0].sha256", "`files[0].sha256` must be 64 lower-case hex characters");
    }

    [Fact]
    public void Validate_FileEntryWithoutSize_NamesTheEntry()
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m => m["files"]![0]!.AsObject().Remove("size"));

        AssertFails(check, "files[0].size", "`files[0].size` is required");
    }

    [Fact]
    public void Validate_NegativeFileSize_NamesRange()
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m => m["files"]![0]!["size"] = -5);

        AssertFails(check, "files[0].size", "`files[0].size` must be at least 0, not -5");
    }

    [Fact]
    public void Validate_UnknownDtype_NamesTheDescriptor()
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m => m["descriptors"]!["twoTheta"]!["dtype"] = "float64");

        AssertFails(check, "descriptors.twoTheta.dtype",
            "`descriptors.twoTheta.dtype` must be one of number, integer, boolean or string, not \"float64\"");
    }

    [Fact]
    public void Validate_NegativeShape_NamesTheDimension()
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m => m["descriptors"]!["intensity"]!["shape"] = new JsonArray(3501, -1));

        AssertFails(check, "descriptors.intensity.shape[1]", "must be at least 0");
    }

    [Fact]
    public void Validate_DataNotAnObject_NamesWrongType()
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m => m["data"] = new JsonArray(1, 2));

        AssertFails(check, "data", "`data` must be an object or null, not an array");
    }

    [Fact]
    public void Validate_JobMeasurementWithoutAttempt_SaysWhy()
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m => m.Remove("attempt"));

        AssertFails(check, "attempt", "`attempt` is required when `jobId` is set");
    }

    [Fact]
    public void Validate_UnknownStatus_ListsTheAllowedOnes()
    {
        var check = Check(PayloadKind.State, ProtocolExamples.Birth, s => s["status"] = "sleeping");

        AssertFails(check, "status", "`status` must be one of idle, busy, error, maintenance or local, not \"sleeping\"");
    }

    [Fact]
    public void Validate_BirthWithoutProfile_SaysWhy()
    {
        var check = Check(PayloadKind.State, ProtocolExamples.Birth, s => s.Remove("profile"));

        AssertFails(check, "profile", "`profile` is required when `online` is true");
    }

    [Fact]
    public void Validate_WillWithoutSession_NamesIt()
    {
        var check = Check(PayloadKind.State, ProtocolExamples.Will, s => s.Remove("session"));

        AssertFails(check, "session", "`session` is required");
    }

    [Fact]
    public void Validate_UnknownSeverity_ListsTheAllowedOnes()
    {
        var check = Check(PayloadKind.Event, ProtocolExamples.Event, e => e["severity"] = "critical");

        AssertFails(check, "severity", "`severity` must be one of info, warning or alarm");
    }

    [Fact]
    public void Validate_EmptyEventCode_SaysItMustNotBeEmpty()
    {
        var check = Check(PayloadKind.Event, ProtocolExamples.Event, e => e["code"] = "");

        AssertFails(check, "code", "`code` must not be empty");
    }

    [Fact]
    public void Validate_UnknownJobState_ListsTheAllowedOnes()
    {
        var check = Check(PayloadKind.JobStatus, ProtocolExamples.JobStatus, s => s["state"] = "done");

        AssertFails(check, "state", "`state` must be one of accepted, running, succeeded, failed or aborted");
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    public void Validate_ProgressOutOfRange_NamesRange(double progress)
    {
        var check = Check(PayloadKind.JobStatus, ProtocolExamples.JobStatus, s => s["progress"] = progress);

        AssertFails(check, "progress", "`progress` must be between 0 and 1");
    }

    [Fact]
    public void Validate_AttemptZero_NamesRange()
    {
        var check = Check(PayloadKind.JobStatus, ProtocolExamples.JobStatus, s => s["attempt"] = 0);

        AssertFails(check, "attempt", "`attempt` must be at least 1, not 0");
    }

    [Fact]
    public void Validate_SucceededWithoutMeasurementIds_SaysWhy()
    {
        var check = Check(PayloadKind.JobStatus, ProtocolExamples.JobStatus, s => s["state"] = "succeeded");

        AssertFails(check, "measurementIds", "`measurementIds` is required when `state` is succeeded");
    }

    [Fact]
    public void Validate_FailedWithoutError_SaysWhy()
    {
        var check = Check(PayloadKind.JobStatus, ProtocolExamples.JobStatus, s => s["state"] = "failed");

        AssertFails(check, "error", "`error` is required when `state` is failed or aborted");
    }

    [Fact]
    public void Validate_ErrorWithoutCode_NamesTheNestedField()
    {
        var check = Check(PayloadKind.JobStatus, ProtocolExamples.JobStatus, s =>
        {
            s["state"] = "failed";
            s["error"] = new JsonObject { ["message"] = "detector overheated" };
        });

        AssertFails(check, "error.code", "`error.code` is required");
    }

    [Fact]
    public void Validate_StartWithoutLease_SaysWhy()
    {
        var check = Check(PayloadKind.JobRequest, ProtocolExamples.JobStart, j => j.Remove("leaseSeconds"));

        AssertFails(check, "leaseSeconds", "`leaseSeconds` is required when `type` is start");
    }

    [Fact]
    public void Validate_RejectedAckWithoutError_SaysWhy()
    {
        var check = Check(PayloadKind.Ack, ProtocolExamples.AckStored, a => a["status"] = "rejected");

        AssertFails(check, "error", "`error` is required when `status` is rejected");
    }

    [Fact]
    public void Validate_RejectedReplyWithoutError_SaysWhy()
    {
        var check = Check(PayloadKind.CommandReply, ProtocolExamples.CommandReply, r => r["status"] = "rejected");

        AssertFails(check, "error", "`error` is required when `status` is rejected or failed");
    }

    [Theory]
    [InlineData("2026-11-29 10:00:00.000Z")]
    [InlineData("2026-11-29T10:00:00.000+01:00")]
    [InlineData("2026-11-29T10:00:00.000")]
    [InlineData("2026-13-29T10:00:00.000Z")]
    [InlineData("yesterday")]
    public void Validate_BadTimestamp_NamesTheFormat(string ts)
    {
        var check = Check(PayloadKind.Telemetry, ProtocolExamples.Telemetry, t => t["ts"] = ts);

        AssertFails(check, "ts", "`ts` must be an RFC 3339 UTC timestamp ending in Z, such as 2026-11-29T10:00:00.000Z");
    }

    [Fact]
    public void Validate_TimestampAsNumber_NamesWrongType()
    {
        var check = Check(PayloadKind.Telemetry, ProtocolExamples.Telemetry, t => t["ts"] = 1_764_410_400_000);

        AssertFails(check, "ts", "`ts` must be a string, not 1764410400000");
    }

    [Fact]
    public void Validate_PayloadThatIsAnArray_BlamesThePayload()
    {
        var check = Schemas.Validate(PayloadKind.Telemetry, ProtocolExamples.Parse("[1,2,3]"));

        Assert.False(check.IsValid);
        Assert.Null(check.Field);
        Assert.Equal("the payload must be an object, not an array", check.Message);
    }

    [Fact]
    public void Validate_LongBadValue_IsShortenedInTheMessage()
    {
        var check = Check(PayloadKind.Event, ProtocolExamples.Event, e => e["severity"] = new string('x', 500));

        Assert.False(check.IsValid);
        Assert.True(check.Message!.Length < 200, check.Message);
    }

    [Theory]
    [InlineData("""{"v":1,"seq":-1,"ts":"2026-11-29T10:00:01.250Z","values":{}}""", "seq")]
    [InlineData("""{"v":1,"seq":1,"ts":"2026-11-29T24:00:01.250Z","values":{}}""", "ts")]
    [InlineData("""{"v":1,"seq":1,"ts":"2026-11-29T10:00:01.Z","values":{}}""", "ts")]
    [InlineData("""{"v":1,"seq":1,"ts":"2026-11-29T10:00:01.250z","values":{}}""", "ts")]
    [InlineData("""{"v":1,"seq":1,"ts":"2026-11-29T10:00:01.250Z","values":[]}""", "values")]
    [InlineData("""{"v":1,"seq":1,"ts":"2026-11-29T10:00:01.250Z","values":{"a":[1]}}""", "values.a")]
    [InlineData("""{"v":1,"seq":1,"ts":"2026-11-29T10:00:01.250Z"}""", "values")]
    [InlineData("""{"v":1,"ts":"2026-11-29T10:00:01.250Z","values":{}}""", "seq")]
    [InlineData("""{"v":1.5,"seq":1,"ts":"2026-11-29T10:00:01.250Z","values":{}}""", "v")]
    [InlineData("""{"v":"1","seq":1,"ts":"2026-11-29T10:00:01.250Z","values":{}}""", "v")]
    public void Validate_TelemetryDefect_IsCaughtEvenOnTheFastPath(string json, string field)
    {
        var check = Schemas.Validate(PayloadKind.Telemetry, ProtocolExamples.Parse(json));

        Assert.False(check.IsValid);
        Assert.Equal(field, check.Field);
    }

    [Theory]
    [InlineData("""{"v":1.0,"seq":1,"ts":"2026-11-29T10:00:01.250Z","values":{}}""")]
    [InlineData("""{"v":1,"seq":1,"ts":"2026-11-29T10:00:01\u002E250Z","values":{}}""")]
    [InlineData("""{"v":1,"seq":1,"ts":"2026-02-29T10:00:59Z","values":{"x":"on","y":false,"z":-1e-9}}""")]
    public void Validate_UnusualButValidTelemetry_IsAccepted(string json)
    {
        Assert.True(Schemas.Validate(PayloadKind.Telemetry, ProtocolExamples.Parse(json)).IsValid);
    }

    [Fact]
    public void Validate_AttemptBeyondInt32_NamesTheLimit()
    {
        var check = Schemas.Validate(PayloadKind.JobStatus,
            ProtocolExamples.Parse("""{"v":1,"attempt":99999999999999999999,"state":"running"}"""));

        AssertFails(check, "attempt", "`attempt` must be at most 2147483647");
    }

    [Fact]
    public void Validate_SequenceBeyondDoublePrecision_NamesTheLimit()
    {
        var check = Check(PayloadKind.Telemetry, ProtocolExamples.Telemetry, t => t["seq"] = 9_007_199_254_740_992);

        AssertFails(check, "seq", "`seq` must be at most 9007199254740991");
    }

    [Fact]
    public void Validate_NumberTooLargeForTheEvaluator_IsReportedNotThrown()
    {
        var check = Schemas.Validate(PayloadKind.State, ProtocolExamples.Parse("""{"v":1e400,"online":false,"session":1}"""));

        Assert.False(check.IsValid);
        Assert.Contains("too large", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WillWithBadSession_BlamesTheSessionNotTheBirthCondition()
    {
        var check = Check(PayloadKind.State, ProtocolExamples.Will, s => s["session"] = "seven");

        AssertFails(check, "session", "`session` must be an integer, not \"seven\"");
    }

    /// <summary>Spoils of fields the measurement fast path reads itself: each must reach the schema and be refused there.</summary>
    public static TheoryData<string> MeasurementSpoils => new()
    {
        "mediaType empty", "name missing", "size fractional", "size beyond 2^53", "startedAt month 13", "endedAt not UTC",
        "dtype missing", "units number", "method empty", "sampleId number", "attempt zero", "jobId too long", "instrument array",
        "parameters array", "files object", "v 1.5",
    };

    [Theory]
    [MemberData(nameof(MeasurementSpoils))]
    public void Validate_MeasurementFieldSpoiled_Refused(string spoil)
    {
        var check = Check(PayloadKind.Measurement, ProtocolExamples.Measurement, m =>
        {
            var file = m["files"]![0]!.AsObject();
            var descriptor = m["descriptors"]!["twoTheta"]!.AsObject();
            switch (spoil)
            {
                case "mediaType empty": file["mediaType"] = ""; break;
                case "name missing": file.Remove("name"); break;
                case "size fractional": file["size"] = 1.5; break;
                case "size beyond 2^53": file["size"] = 9_007_199_254_740_992; break;
                case "startedAt month 13": m["startedAt"] = "2026-13-29T10:01:00Z"; break;
                case "endedAt not UTC": m["endedAt"] = "2026-11-29T10:31:00+09:00"; break;
                case "dtype missing": descriptor.Remove("dtype"); break;
                case "units number": descriptor["units"] = 3; break;
                case "method empty": m["method"] = ""; break;
                case "sampleId number": m["sampleId"] = 45; break;
                case "attempt zero": m["attempt"] = 0; break;
                case "jobId too long": m["jobId"] = new string('J', 65); break;
                case "instrument array": m["instrument"] = new JsonArray(); break;
                case "parameters array": m["parameters"] = new JsonArray(); break;
                case "files object": m["files"] = new JsonObject(); break;
                case "v 1.5": m["v"] = 1.5; break;
            }
        });

        Assert.False(check.IsValid, spoil);
        Assert.NotNull(check.Message);
    }
}
