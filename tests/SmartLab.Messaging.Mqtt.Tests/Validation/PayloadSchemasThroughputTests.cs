using System.Diagnostics;
using System.Text.Json;
using SmartLab.Messaging.Mqtt.Validation;
using Xunit.Abstractions;

namespace SmartLab.Messaging.Mqtt.Tests.Validation;

/// <summary>
/// Quick loops that print how many validations per second one thread manages. They assert nothing about speed
/// (machines vary); they are here so a change that slows the per-message path shows in the test log.
/// </summary>
public class PayloadSchemasThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public void Validate_TelemetryInALoop_ReportsValidationsPerSecond()
    {
        Measure("telemetry (valid)", PayloadKind.Telemetry, ProtocolExamples.Parse(ProtocolExamples.Telemetry), 200_000, expectValid: true);
    }

    [Fact]
    public void Validate_OtherPayloadsInALoop_ReportValidationsPerSecond()
    {
        Measure("telemetry (integer written as 1042.0, schema path)", PayloadKind.Telemetry,
            ProtocolExamples.Parse(ProtocolExamples.Telemetry.Replace("1042", "1042.0", StringComparison.Ordinal)), 20_000, expectValid: true);
        Measure("telemetry (invalid, with message)", PayloadKind.Telemetry,
            ProtocolExamples.With(ProtocolExamples.Telemetry, t => t["ts"] = "yesterday"), 5_000, expectValid: false);
        Measure("measurement (valid)", PayloadKind.Measurement, ProtocolExamples.Parse(ProtocolExamples.Measurement), 10_000, expectValid: true);
    }

    void Measure(string what, PayloadKind kind, JsonElement payload, int count, bool expectValid)
    {
        var schemas = PayloadSchemas.Shared;

        // Long enough for tiered compilation to settle, so the figure is the steady state rather than the first calls.
        for (var i = 0; i < count / 4; i++)
        {
            Assert.Equal(expectValid, schemas.Validate(kind, payload).IsValid);
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var matches = 0;
        for (var i = 0; i < count; i++)
        {
            if (schemas.Validate(kind, payload).IsValid == expectValid)
            {
                matches++;
            }
        }

        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(count, matches);
        output.WriteLine(
            $"{what}: {count / watch.Elapsed.TotalSeconds:N0} validations/s on one thread, " +
            $"{watch.Elapsed.TotalMicroseconds / count:N2} us and {allocated / count:N0} bytes allocated per validation");
    }
}
