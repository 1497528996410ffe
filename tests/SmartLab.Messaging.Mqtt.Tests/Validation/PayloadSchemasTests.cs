using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Messaging.Mqtt.Validation;

namespace SmartLab.Messaging.Mqtt.Tests.Validation;

public class PayloadSchemasTests
{
    static readonly PayloadSchemas Schemas = PayloadSchemas.Shared;

    [Theory]
    [MemberData(nameof(ProtocolExamples.Valid), MemberType = typeof(ProtocolExamples))]
    public void Validate_ProtocolExample_IsValid(PayloadKind kind, string json)
    {
        var check = Schemas.Validate(kind, ProtocolExamples.Parse(json));

        Assert.True(check.IsValid, $"{kind}: {check.Field}: {check.Message}");
        Assert.Null(check.Field);
        Assert.Null(check.Message);
    }

    [Fact]
    public void Validate_UnknownFieldsAtEveryLevel_AreAccepted()
    {
        var payload = ProtocolExamples.With(ProtocolExamples.Measurement, m =>
        {
            m["addedInV1_3"] = "ignored by older hubs";
            m["files"]![0]!["compression"] = "zstd";
            m["descriptors"]!["twoTheta"]!["precision"] = 4;
            m["instrument"]!["firmware"] = new JsonObject { ["version"] = "2.1" };
        });

        Assert.True(Schemas.Validate(PayloadKind.Measurement, payload).IsValid);
    }

    [Fact]
    public void Validate_OptionalFieldsNull_AreAccepted()
    {
        var payload = ProtocolExamples.With(ProtocolExamples.Measurement, m =>
        {
            m["jobId"] = null;
            m["attempt"] = null;
            m["sampleId"] = null;
            m["files"] = null;
            m["startedAt"] = null;
        });

        Assert.True(Schemas.Validate(PayloadKind.Measurement, payload).IsValid);
    }

    [Fact]
    public void Validate_MeasurementIdWrittenWithEscapes_IsValid()
    {
        // The fast path leaves escaped strings to the schema, which reads the unescaped id.
        var check = Schemas.Validate(PayloadKind.Measurement, ProtocolExamples.Parse("""{"v":1,"measurementId":"\u004D1"}"""));

        Assert.True(check.IsValid);
    }

    [Fact]
    public void Validate_StandaloneMeasurementWithOnlyItsId_IsValid()
    {
        var check = Schemas.Validate(PayloadKind.Measurement, ProtocolExamples.Parse("""{"v":1,"measurementId":"M1"}"""));

        Assert.True(check.IsValid);
    }

    [Theory]
    [InlineData("2026-11-29T10:00:00Z")]
    [InlineData("2026-11-29T10:00:00.1Z")]
    [InlineData("2026-11-29T10:00:00.123456789Z")]
    public void Validate_TimestampWithAnyFractionDigits_IsValid(string ts)
    {
        var payload = ProtocolExamples.With(ProtocolExamples.Telemetry, t => t["ts"] = ts);

        Assert.True(Schemas.Validate(PayloadKind.Telemetry, payload).IsValid);
    }

    [Fact]
    public void Validate_Utf8Bytes_IsValid()
    {
        var bytes = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(ProtocolExamples.Telemetry));

        Assert.True(Schemas.Validate(PayloadKind.Telemetry, bytes).IsValid);
    }

    [Fact]
    public void Validate_BytesThatAreNotJson_ReportsTheWholePayload()
    {
        var bytes = new ReadOnlySequence<byte>("{\"v\":1,"u8.ToArray());

        var check = Schemas.Validate(PayloadKind.Telemetry, bytes);

        Assert.False(check.IsValid);
        Assert.Null(check.Field);
        Assert.StartsWith("the payload is not valid UTF-8 JSON", check.Message);
    }

    [Fact]
    public void Validate_DefaultElement_ReportsEmptyPayload()
    {
        var check = Schemas.Validate(PayloadKind.Rebirth, default(JsonElement));

        Assert.False(check.IsValid);
        Assert.Null(check.Field);
    }

    [Fact]
    public void Constructor_SecondInstance_BuildsAlongsideTheShared()
    {
        var second = new PayloadSchemas();

        Assert.True(second.Validate(PayloadKind.Rebirth, ProtocolExamples.Parse(ProtocolExamples.Rebirth)).IsValid);
        Assert.True(Schemas.Validate(PayloadKind.Rebirth, ProtocolExamples.Parse(ProtocolExamples.Rebirth)).IsValid);
    }

    [Fact]
    public void Validate_ManyThreadsAtOnce_GiveTheSameAnswers()
    {
        var valid = ProtocolExamples.Parse(ProtocolExamples.Measurement);
        var invalid = ProtocolExamples.With(ProtocolExamples.Measurement, m => m["files"]![0]!["sha256"] = "nope");
        var expectedInvalid = new PayloadSchemas().Validate(PayloadKind.Measurement, invalid);
        var failures = 0;

        Parallel.For(0, 2_000, i =>
        {
            var check = i % 2 == 0
                ? Schemas.Validate(PayloadKind.Measurement, valid)
                : Schemas.Validate(PayloadKind.Measurement, invalid);
            var expected = i % 2 == 0 ? PayloadCheck.Valid : expectedInvalid;
            if (check != expected)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }
}
