using System.Globalization;
using System.Text.Json;

namespace SmartLab.Loop.Optimization.Internal;

/// <summary>Reads the loosely typed values that arrive from YAML, JSON and the hub's job records.</summary>
internal static class ValueConversion
{
    public static bool TryToDouble(object value, out double result)
    {
        switch (value)
        {
            case double d:
                result = d;
                return true;
            case int i:
                result = i;
                return true;
            case long l:
                result = l;
                return true;
            case float f:
                result = f;
                return true;
            case decimal m:
                result = (double)m;
                return true;
            case string s:
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out result);
            case JsonElement { ValueKind: JsonValueKind.Number } e:
                return e.TryGetDouble(out result);
            case JsonElement { ValueKind: JsonValueKind.String } e:
                return double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
            default:
                result = 0;
                return false;
        }
    }

    public static string? ToText(object value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
