using System.Globalization;
using System.Text;
using SmartLab.Export.Model;

namespace SmartLab.Export.Csv;

/// <summary>
/// The data arrays of one measurement as CSV: a header row naming each column with its units (<c>twoTheta [deg]</c>), then
/// one row per point. Metadata is not mixed in: it travels in the JSON sidecar beside the file.
/// </summary>
public sealed class CsvDataWriter
{
    public void Write(MeasurementExport measurement, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        var columns = measurement.Document.Columns;
        writer.WriteLine(string.Join(",", columns.Select(c => Cell(c.Header))));
        var rows = columns.Count == 0 ? 0 : columns.Max(c => c.Length);
        for (var i = 0; i < rows; i++)
        {
            writer.WriteLine(string.Join(",", columns.Select(c => i < c.Length ? Cell(Value(c, i)) : "")));
        }
    }

    static string Value(DataColumn column, int i) =>
        column.Numbers is { } n ? (double.IsNaN(n[i]) ? "" : n[i].ToString("R", CultureInfo.InvariantCulture)) : column.Texts![i];

    /// <summary>RFC 4180 quoting; a text cell a spreadsheet would run as a formula gets a leading apostrophe.</summary>
    static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
