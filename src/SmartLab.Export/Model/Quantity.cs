using System.Globalization;

namespace SmartLab.Export.Model;

/// <summary>
/// A named value with its UCUM unit (null when it has none or none is known): a parameter, a condition or a scalar result.
/// Numbers keep their value in <see cref="Number"/>; text, booleans and anything else are kept as <see cref="Text"/>.
/// </summary>
public sealed record Quantity(string Name, double? Number, string? Text, string? Unit)
{
    public bool IsNumber => Number is not null;

    /// <summary>The value as text (numbers in invariant round-trip form).</summary>
    public string ValueText => Number is { } n ? n.ToString("R", CultureInfo.InvariantCulture) : Text ?? "";
}
