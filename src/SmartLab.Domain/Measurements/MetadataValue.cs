namespace SmartLab.Domain.Measurements;

/// <summary>One metadata value a profile requires, by its dotted path in the document (<c>instrument.calibration.id</c>).</summary>
public sealed class MetadataValue
{
    public string Path { get; set; } = "";

    /// <summary>The value as text (numbers in invariant form, structured values as JSON).</summary>
    public string Value { get; set; } = "";
}
