using System.Text.Json;
using SmartLab.Cli.Http;
using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SmartLab.Cli.Instruments;

/// <summary>
/// The latest value of every telemetry channel of one instrument, with the units its profile declares: drawn as a
/// table that <c>instruments watch</c> updates in place, or written as one line per reading. Channels come in the
/// profile's order; a channel the profile does not list (an agent newer than the hub's profile) is shown after them.
/// </summary>
internal sealed class TelemetryBoard(string instrument, IReadOnlyList<ProfileView.Channel> channels, TimeProvider time)
{
    readonly Dictionary<string, string?> _units = channels.GroupBy(c => c.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Unit, StringComparer.Ordinal);

    readonly List<string> _order = channels.Select(c => c.Name).Distinct(StringComparer.Ordinal).ToList();
    readonly Dictionary<string, (JsonElement Value, DateTimeOffset At)> _latest = new(StringComparer.Ordinal);

    public int Readings { get; private set; }

    public DateTimeOffset? LastAt { get; private set; }

    public void Add(LastTelemetry reading)
    {
        foreach (var (channel, value) in reading.Values)
        {
            if (!_units.ContainsKey(channel) && !_order.Contains(channel, StringComparer.Ordinal))
            {
                _order.Add(channel);
            }

            _latest[channel] = (value, reading.Ts);
        }

        Readings++;
        LastAt = reading.Ts;
    }

    /// <summary>One reading on one line: <c>10:04:12  temperature=25.1 Cel  doorClosed=true</c>.</summary>
    public string Line(LastTelemetry reading)
    {
        var known = _order.Where(reading.Values.ContainsKey);
        var others = reading.Values.Keys.Where(k => !_order.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal);
        var values = known.Concat(others).Select(name => $"{name}={WithUnit(Value(reading.Values[name]), Unit(name))}");
        return $"{Formats.Clock(reading.Ts, time)}  {string.Join("  ", values)}";
    }

    /// <summary>The table: every channel, its latest value and unit, and when that value arrived.</summary>
    public IRenderable Render()
    {
        var table = new Table { Border = TableBorder.Rounded };
        table.AddColumn(new TableColumn("CHANNEL"));
        table.AddColumn(new TableColumn("VALUE").RightAligned());
        table.AddColumn(new TableColumn("UNIT"));
        table.AddColumn(new TableColumn("AT"));
        foreach (var name in _order)
        {
            var (value, at) = _latest.TryGetValue(name, out var latest) ? (Value(latest.Value), Formats.Clock(latest.At, time)) : ("–", "");
            table.AddRow(new Text(name), new Text(value), new Text(Unit(name) ?? ""), new Text(at));
        }

        // Short enough for the table's own width, so it does not wrap under a narrow table.
        var status = Readings == 0
            ? "waiting for readings · Ctrl+C stops"
            : $"{Readings} reading{(Readings == 1 ? "" : "s")}, last {Formats.Clock(LastAt!.Value, time)} · Ctrl+C stops";
        table.Title(new TableTitle(instrument));
        table.Caption(new TableTitle(status));
        return table;
    }

    /// <summary>The unit to show: none for dimensionless (<c>1</c>) values and channels the profile does not describe.</summary>
    string? Unit(string channel) => _units.GetValueOrDefault(channel) is { Length: > 0 } unit && unit != "1" ? unit : null;

    static string WithUnit(string value, string? unit) => unit is null ? value : $"{value} {unit}";

    static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };
}
