using System.Text.Json;
using SmartLab.Domain.Profiles;

namespace SmartLab.Profiles.Internal;

/// <summary>
/// Maps a profile document that has passed the schema onto the domain records. The schema has already
/// guaranteed shapes and types, so this only translates names (<c>staff-only</c> to <see cref="SafetyClass.StaffOnly"/>,
/// seconds to <see cref="TimeSpan"/>) and fills documented defaults.
/// </summary>
internal static class ProfileMapper
{
    /// <summary>What a command waits for its reply when the profile does not say.</summary>
    static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(10);

    public static DeviceProfile Map(JsonElement document, string source) => new()
    {
        Id = document.GetProperty("id").GetString()!,
        Version = document.GetProperty("version").GetString()!,
        Kind = document.GetProperty("kind").GetString()!,
        Title = document.GetProperty("title").GetString()!,
        Description = String(document, "description"),
        Vendor = String(document, "vendor"),
        Telemetry = List(document, "telemetry", MapChannel),
        Commands = List(document, "commands", MapCommand),
        Methods = List(document, "methods", MapMethod),
        RequiredMetadata = List(document, "requiredMetadata", m => new MetadataField
        {
            Path = m.GetProperty("path").GetString()!,
            Description = String(m, "description"),
        }),
        Source = source,
    };

    static TelemetryChannel MapChannel(JsonElement channel) => new()
    {
        Name = channel.GetProperty("name").GetString()!,

        // Booleans and text carry no unit; "1" is UCUM's dimensionless unit, so consumers never see a missing unit.
        Unit = String(channel, "unit") ?? "1",
        Type = MapValueKind(channel.GetProperty("type").GetString()!),
        Min = Number(channel, "min"),
        Max = Number(channel, "max"),
        Description = String(channel, "description"),
    };

    static ParameterDefinition MapParameter(JsonElement parameter) => new()
    {
        Name = parameter.GetProperty("name").GetString()!,
        Type = MapValueKind(parameter.GetProperty("type").GetString()!),
        Unit = String(parameter, "unit"),
        Min = Number(parameter, "min"),
        Max = Number(parameter, "max"),
        Enum = parameter.TryGetProperty("enum", out var options) ? [.. options.EnumerateArray().Select(o => o.GetString()!)] : null,
        Required = parameter.TryGetProperty("required", out var required) && required.GetBoolean(),
        Default = parameter.TryGetProperty("default", out var value) ? value.Clone() : null,
        Description = String(parameter, "description"),
    };

    static CommandDefinition MapCommand(JsonElement command) => new()
    {
        Name = command.GetProperty("name").GetString()!,
        Description = String(command, "description"),
        Parameters = List(command, "parameters", MapParameter),
        Safety = MapSafety(command.GetProperty("safety").GetString()!),
        Idempotent = command.GetProperty("idempotent").GetBoolean(),
        SafeDuringJob = command.TryGetProperty("safeDuringJob", out var safe) && safe.GetBoolean(),
        Timeout = Number(command, "timeoutSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultCommandTimeout,
    };

    static MethodDefinition MapMethod(JsonElement method) => new()
    {
        Name = method.GetProperty("name").GetString()!,
        Description = String(method, "description"),
        Parameters = List(method, "parameters", MapParameter),
        EstimatedDuration = TimeSpan.FromSeconds(method.GetProperty("estimatedDurationSeconds").GetDouble()),
        Outputs = List(method, "outputs", o => new OutputDescriptor
        {
            Name = o.GetProperty("name").GetString()!,
            Kind = o.GetProperty("kind").GetString()!,
            Dtype = String(o, "dtype"),
            Units = String(o, "units"),
            MediaType = String(o, "mediaType"),
            Description = String(o, "description"),
        }),
    };

    public static ValueKind MapValueKind(string type) => type switch
    {
        "number" => ValueKind.Number,
        "integer" => ValueKind.Integer,
        "boolean" => ValueKind.Boolean,
        "string" => ValueKind.String,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "The schema allows only number, integer, boolean and string."),
    };

    static SafetyClass MapSafety(string safety) => safety switch
    {
        "always-allowed" => SafetyClass.AlwaysAllowed,
        "staff-only" => SafetyClass.StaffOnly,
        "admin-only" => SafetyClass.AdminOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(safety), safety, "The schema allows only always-allowed, staff-only and admin-only."),
    };

    static List<T> List<T>(JsonElement owner, string name, Func<JsonElement, T> map) =>
        owner.TryGetProperty(name, out var items) ? [.. items.EnumerateArray().Select(map)] : [];

    static string? String(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static double? Number(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
