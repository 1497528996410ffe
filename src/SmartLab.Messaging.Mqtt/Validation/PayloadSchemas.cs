using System.Buffers;
using System.Text.Json;
using Json.Schema;
using SmartLab.Contracts.Json;
using SmartLab.Messaging.Mqtt.Validation.Internal;

namespace SmartLab.Messaging.Mqtt.Validation;

/// <summary>
/// Checks protocol v1 payloads against the JSON Schemas embedded in SmartLab.Contracts. Build it once (or use
/// <see cref="Shared"/>) and call it from any thread: the schemas are parsed in the constructor and never change.
/// </summary>
public sealed class PayloadSchemas
{
    // Flag output stops at the first failing keyword: the cheap path every valid message takes.
    static readonly EvaluationOptions FlagOptions = new() { OutputFormat = OutputFormat.Flag };

    // Only an invalid message pays for the full list, which names every failing location.
    static readonly EvaluationOptions ListOptions = new() { OutputFormat = OutputFormat.List };

    static readonly Lazy<PayloadSchemas> SharedInstance = new(() => new PayloadSchemas(), LazyThreadSafetyMode.ExecutionAndPublication);

    readonly LoadedSchema[] schemas;

    public PayloadSchemas()
    {
        // A private registry: the schemas' $id values would collide in the global one when a second instance is built.
        var buildOptions = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var assembly = typeof(ProtocolJson).Assembly;
        schemas = new LoadedSchema[PayloadKinds.All.Count];
        foreach (var kind in PayloadKinds.All)
        {
            var resource = kind.SchemaResourceName();
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"schema resource {resource} is missing from {assembly.GetName().Name}");
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement.Clone();
            schemas[(int)kind] = new LoadedSchema(JsonSchema.Build(root, buildOptions), root);
        }
    }

    /// <summary>One instance for the whole process, built on first use.</summary>
    public static PayloadSchemas Shared => SharedInstance.Value;

    /// <summary>Checks <paramref name="payload"/> against the schema of <paramref name="kind"/> and names the first failure.</summary>
    public PayloadCheck Validate(PayloadKind kind, JsonElement payload)
    {
        if (payload.ValueKind == JsonValueKind.Undefined)
        {
            return PayloadCheck.Invalid(null, "the payload is empty; it must be a JSON object");
        }

        if (kind switch
            {
                PayloadKind.Telemetry => TelemetryFastPath.IsCertainlyValid(payload),
                PayloadKind.Measurement => MeasurementFastPath.IsCertainlyValid(payload),
                _ => false,
            })
        {
            return PayloadCheck.Valid;
        }

        var schema = schemas[(int)kind];
        try
        {
            if (schema.Schema.Evaluate(payload, FlagOptions).IsValid)
            {
                return PayloadCheck.Valid;
            }

            return FailureDescriber.Describe(schema.Root, payload, schema.Schema.Evaluate(payload, ListOptions));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            // Some keywords of the evaluator read numbers as decimal, which a literal such as 1e400 does not fit.
            return PayloadCheck.Invalid(null, "the payload holds a number too large to be read (such as 1e400); "
                + "numbers must fit a 64-bit float");
        }
    }

    /// <summary>Parses UTF-8 JSON (as it comes off the wire) and checks it; invalid JSON is reported, not thrown.</summary>
    public PayloadCheck Validate(PayloadKind kind, ReadOnlySequence<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException ex)
        {
            return PayloadCheck.Invalid(null, $"the payload is not valid UTF-8 JSON: {ex.Message}");
        }

        using (document)
        {
            return Validate(kind, document.RootElement);
        }
    }

    sealed record LoadedSchema(JsonSchema Schema, JsonElement Root);
}
