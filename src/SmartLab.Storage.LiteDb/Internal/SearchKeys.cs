using System.Globalization;
using System.Text;
using SmartLab.Domain.Measurements;

namespace SmartLab.Storage.LiteDb.Internal;

/// <summary>
/// The strings the measurement indexes sort on. Each is a fixed prefix followed by fixed-width digits, so that range scans
/// stay correct under LiteDB's case-insensitive string order: within one prefix only the digits decide.
/// </summary>
/// <remarks>
/// A search key is <c>{key}|n|{units}|{number:20 digits}|{time key}</c> for numbers and <c>{key}|s|{text}|{time key}</c>
/// for text; the time key (<c>{received ticks:19}{seq:19}</c>) at the end makes each entry unique and lets a search
/// collect, sort and page matches from the index alone, without reading a single measurement.
/// </remarks>
static class SearchKeys
{
    public const char Separator = '|';
    public const int TimeKeyLength = 38;

    /// <summary>Longer texts are kept on the record but not indexed: LiteDB limits an index key to 1023 bytes.</summary>
    public const int MaxIndexedText = 200;
    public const string MethodKey = "$method";
    public const string IncompleteKey = "$incomplete";

    public static readonly string MaxTimeKey = new('9', TimeKeyLength);
    static readonly string MinNumber = new('0', 20);
    static readonly string MaxNumber = new('9', 20);

    /// <summary>Sorts by the time the hub received a measurement, then by store order among equal times.</summary>
    public static string TimeKey(DateTimeOffset receivedAt, long seq) =>
        receivedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + seq.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The smallest time key at or after <paramref name="at"/>.</summary>
    public static string TimeKeyAt(DateTimeOffset at) => TimeKey(at, 0);

    public static bool IsTimeKey(string? value) => value is { Length: TimeKeyLength } && value.All(char.IsAsciiDigit);

    public static string InstrumentTime(string instrumentId, string timeKey) => instrumentId + Separator + timeKey;

    /// <summary>Twenty decimal digits whose string order is the numeric order of the doubles (IEEE bits, sign folded).</summary>
    public static string EncodeNumber(double value)
    {
        if (value == 0)
        {
            value = 0; // -0 and +0 are one value
        }

        var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        var ordered = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
        return ordered.ToString("D20", CultureInfo.InvariantCulture);
    }

    public static string NumberPrefix(string key, string? units) => key + Separator + 'n' + Separator + Clean(units ?? "") + Separator;

    public static string TextPrefix(string key, string text) => key + Separator + 's' + Separator + Clean(text) + Separator;

    /// <summary>LiteDB refuses an index key over 1,023 bytes; an entry longer than this (with its time key) is not indexed.</summary>
    const int MaxEntryBytes = 1000;

    /// <summary>
    /// The section-qualified key of every searchable value of a record, with the entry's prefix (the time key follows).
    /// Names, units and texts come from the agent, so an entry too long for LiteDB's index is left out rather than letting
    /// the measurement's insert fail.
    /// </summary>
    public static IEnumerable<string> Prefixes(MeasurementRecord record) =>
        AllPrefixes(record).Where(prefix => System.Text.Encoding.UTF8.GetByteCount(prefix) + TimeKeyLength <= MaxEntryBytes);

    static IEnumerable<string> AllPrefixes(MeasurementRecord record)
    {
        foreach (var (section, values) in new[] { ("parameters", record.Parameters), ("conditions", record.Conditions) })
        {
            foreach (var value in values)
            {
                var key = section + "." + value.Name;
                if (value.Number is { } number)
                {
                    yield return NumberPrefix(key, value.Units) + EncodeNumber(number) + Separator;
                }
                else if (value.Text is { Length: <= MaxIndexedText } text)
                {
                    yield return TextPrefix(key, text);
                }
            }
        }

        foreach (var item in record.Metadata)
        {
            var key = "metadata." + item.Path;
            if (double.TryParse(item.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                yield return NumberPrefix(key, null) + EncodeNumber(number) + Separator;
            }
            else if (item.Value.Length <= MaxIndexedText)
            {
                yield return TextPrefix(key, item.Value);
            }
        }

        if (record.Method is { Length: <= MaxIndexedText } method)
        {
            yield return TextPrefix(MethodKey, method);
        }

        if (!record.Complete)
        {
            yield return TextPrefix(IncompleteKey, "true");
        }
    }

    /// <summary>Inclusive bounds of the entries under a numeric prefix whose number satisfies the comparison.</summary>
    public static (string Low, string High) NumberRange(string prefix, MetadataOperator op, double value)
    {
        var encoded = EncodeNumber(value);
        var low = op switch
        {
            MetadataOperator.Greater => prefix + encoded + Separator + MaxTimeKey,
            MetadataOperator.GreaterOrEqual or MetadataOperator.Equal => prefix + encoded + Separator,
            _ => prefix + MinNumber,
        };
        var high = op switch
        {
            MetadataOperator.Less => prefix + encoded + Separator,
            MetadataOperator.LessOrEqual or MetadataOperator.Equal => prefix + encoded + Separator + MaxTimeKey,
            _ => prefix + MaxNumber + Separator + MaxTimeKey,
        };
        return (low, high);
    }

    /// <summary>Inclusive bounds of all entries under a text prefix.</summary>
    public static (string Low, string High) TextRange(string prefix) => (prefix, prefix + MaxTimeKey);

    /// <summary>The arrival sequence a time key ends with.</summary>
    public static long SeqOf(string timeKey) => long.Parse(timeKey.AsSpan(TimeKeyLength - 19), CultureInfo.InvariantCulture);

    /// <summary>The section-qualified keys of a record's numeric values with the units each is stored in ("" for none).</summary>
    /// <remarks>Like <see cref="Prefixes"/>, leaves out a key too long for an index key (its units entry's id).</remarks>
    public static IEnumerable<(string Key, string Units)> NumericKeys(MeasurementRecord record) =>
        AllNumericKeys(record).Where(k => System.Text.Encoding.UTF8.GetByteCount(UnitsEntry(k.Key, k.Units)) <= MaxEntryBytes);

    static IEnumerable<(string Key, string Units)> AllNumericKeys(MeasurementRecord record)
    {
        foreach (var (section, values) in new[] { ("parameters", record.Parameters), ("conditions", record.Conditions) })
        {
            foreach (var value in values)
            {
                if (value.Number is not null)
                {
                    yield return (section + "." + value.Name, value.Units ?? "");
                }
            }
        }

        foreach (var item in record.Metadata)
        {
            if (double.TryParse(item.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n))
            {
                yield return ("metadata." + item.Path, "");
            }
        }
    }

    /// <summary>The units part of a numeric prefix of <paramref name="key"/>, as recorded in the units list.</summary>
    public static string UnitsEntry(string key, string? units) => key + Separator + Clean(units ?? "");

    /// <summary>Separators and control characters in agent-supplied text would break the key layout; they become spaces.</summary>
    static string Clean(string text)
    {
        if (!text.Any(c => c == Separator || char.IsControl(c)))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(c == Separator || char.IsControl(c) ? ' ' : c);
        }

        return clean.ToString();
    }
}
