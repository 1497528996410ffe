using System.Globalization;
using System.Text.Json;

namespace SmartLab.Agent.Parameters;

/// <summary>
/// Typed access to the <c>parameters</c> object of a command or job. Every getter throws a <see cref="ParameterException"/>
/// whose message names the parameter, the value and the limit, so the person who sent it knows what to change.
/// </summary>
public sealed class ParameterSet
{
    readonly JsonElement _root;

    /// <summary>Wraps <paramref name="parameters"/>; <paramref name="owner"/> names the command or method in messages, for example <c>command `setTubePower`</c>.</summary>
    public ParameterSet(JsonElement? parameters, string owner)
    {
        _root = parameters is { ValueKind: JsonValueKind.Object } p ? p : default;
        Owner = owner;
    }

    /// <summary>The command or method these parameters belong to, as used in messages.</summary>
    public string Owner { get; }

    /// <summary>The raw parameters object (<see cref="JsonValueKind.Undefined"/> when none were sent).</summary>
    public JsonElement Raw => _root;

    /// <summary>True when the parameter is present and not null.</summary>
    public bool Contains(string name) => TryGet(name, out _);

    /// <summary>Gets the raw value of a parameter that is present and not null.</summary>
    public bool TryGet(string name, out JsonElement value)
    {
        if (_root.ValueKind == JsonValueKind.Object && _root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>A required number.</summary>
    public double GetDouble(string name) =>
        TryGet(name, out var value) ? ReadDouble(name, value) : throw Missing(name);

    /// <summary>A number, or <paramref name="defaultValue"/> when absent.</summary>
    public double GetDouble(string name, double defaultValue) =>
        TryGet(name, out var value) ? ReadDouble(name, value) : defaultValue;

    /// <summary>
    /// A number within [<paramref name="min"/>, <paramref name="max"/>] in <paramref name="unit"/> (UCUM, for messages);
    /// <paramref name="defaultValue"/> is used when absent, and the parameter is required when it is null.
    /// </summary>
    public double GetDouble(string name, double min, double max, string? unit, double? defaultValue = null)
    {
        var value = TryGet(name, out var element) ? ReadDouble(name, element)
            : defaultValue ?? throw Missing(name);
        var suffix = string.IsNullOrEmpty(unit) || unit == "1" ? "" : " " + unit;
        if (value < min)
        {
            throw new ParameterException(name, $"parameter `{name}` = {Format(value)}{suffix} is below the minimum {Format(min)}{suffix} of {Owner}");
        }

        if (value > max)
        {
            throw new ParameterException(name, $"parameter `{name}` = {Format(value)}{suffix} is above the maximum {Format(max)}{suffix} of {Owner}");
        }

        return value;
    }

    /// <summary>A required whole number.</summary>
    public int GetInt32(string name) =>
        TryGet(name, out var value) ? ReadInt32(name, value) : throw Missing(name);

    /// <summary>A whole number, or <paramref name="defaultValue"/> when absent.</summary>
    public int GetInt32(string name, int defaultValue) =>
        TryGet(name, out var value) ? ReadInt32(name, value) : defaultValue;

    /// <summary>A required boolean.</summary>
    public bool GetBoolean(string name) =>
        TryGet(name, out var value) ? ReadBoolean(name, value) : throw Missing(name);

    /// <summary>A boolean, or <paramref name="defaultValue"/> when absent.</summary>
    public bool GetBoolean(string name, bool defaultValue) =>
        TryGet(name, out var value) ? ReadBoolean(name, value) : defaultValue;

    /// <summary>A required string.</summary>
    public string GetString(string name) =>
        TryGet(name, out var value) ? ReadString(name, value) : throw Missing(name);

    /// <summary>A string, or <paramref name="defaultValue"/> when absent.</summary>
    public string GetString(string name, string defaultValue) =>
        TryGet(name, out var value) ? ReadString(name, value) : defaultValue;

    /// <summary>
    /// A string that must be one of <paramref name="allowed"/> (compared exactly); <paramref name="defaultValue"/> is used
    /// when absent, and the parameter is required when it is null.
    /// </summary>
    public string GetChoice(string name, IReadOnlyCollection<string> allowed, string? defaultValue = null)
    {
        var value = TryGet(name, out var element) ? ReadString(name, element) : defaultValue ?? throw Missing(name);
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new ParameterException(name, $"parameter `{name}` = '{value}' of {Owner} is not one of {string.Join(", ", allowed)}");
        }

        return value;
    }

    ParameterException Missing(string name) => new(name, $"parameter `{name}` of {Owner} is required but was not given");

    double ReadDouble(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw WrongType(name, value, "a number");

    int ReadInt32(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt32(out var number))
            {
                return number;
            }

            // 1024.0 is a whole number too.
            if (value.TryGetDouble(out var d) && Math.Abs(d - Math.Round(d)) < 1e-9 && d is >= int.MinValue and <= int.MaxValue)
            {
                return (int)Math.Round(d);
            }
        }

        throw WrongType(name, value, "a whole number");
    }

    bool ReadBoolean(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw WrongType(name, value, "true or false"),
    };

    string ReadString(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongType(name, value, "a string");

    ParameterException WrongType(string name, JsonElement value, string expected) =>
        new(name, $"parameter `{name}` of {Owner} must be {expected}, not {value.GetRawText()}");

    static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
