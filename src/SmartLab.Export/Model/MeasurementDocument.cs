using SmartLab.Domain.Profiles;
using SmartLab.Export.Internal;

namespace SmartLab.Export.Model;

/// <summary>
/// A measurement document read for export: parameters and conditions with units (from the document, else from the
/// profile), data arrays and scalars with the units of their descriptors, the calibration, and the document as sent.
/// </summary>
public sealed record MeasurementDocument
{
    /// <summary>Names that mark a data array as the scan axis, whatever its values look like.</summary>
    static readonly HashSet<string> AxisNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "twoTheta", "theta", "omega", "angle", "time", "wavelength", "wavenumber", "energy", "frequency", "position", "x",
    };

    public IReadOnlyList<Quantity> Parameters { get; init; } = [];
    public IReadOnlyList<Quantity> Conditions { get; init; } = [];

    /// <summary>One-dimensional data arrays, in document order.</summary>
    public IReadOnlyList<DataColumn> Columns { get; init; } = [];

    /// <summary>Single values under <c>data</c> (an image's pixel size, a fitted result).</summary>
    public IReadOnlyList<Quantity> Scalars { get; init; } = [];

    /// <summary>The <c>instrument</c> object's other fields, flattened to dotted names.</summary>
    public IReadOnlyList<Quantity> InstrumentFields { get; init; } = [];
    public Calibration? Calibration { get; init; }

    /// <summary>The document exactly as the agent sent it.</summary>
    public string Json { get; init; } = "{}";

    /// <summary>
    /// The scan axis: the first numeric array when its name is a known axis name or its values are strictly monotonic
    /// over at least ten points; null when the data has no axis (readings of a four-point probe).
    /// </summary>
    public DataColumn? Axis
    {
        get
        {
            var numeric = Columns.Where(c => c.IsNumeric).ToList();
            if (numeric.Count < 2)
            {
                return null;
            }

            var first = numeric[0];
            return AxisNames.Contains(first.Name) || (first.Length >= 10 && first.IsStrictlyMonotonic()) ? first : null;
        }
    }

    /// <summary>The numeric arrays that are not the axis; the first is the plotted signal.</summary>
    public IReadOnlyList<DataColumn> Signals => Columns.Where(c => c.IsNumeric && !ReferenceEquals(c, Axis)).ToList();

    /// <summary>Reads a stored document; units the document leaves out come from <paramref name="profile"/>'s method and channels.</summary>
    public static MeasurementDocument Parse(string json, DeviceProfile? profile) => DocumentParser.Parse(json, profile);
}
