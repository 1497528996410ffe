namespace SmartLab.Domain.Measurements;

/// <summary>A named parameter or condition of a measurement: a number with its units, or a text (booleans as text).</summary>
public sealed class MeasuredValue
{
    public string Name { get; set; } = "";

    /// <summary>The value when it is a number, in <see cref="Units"/>.</summary>
    public double? Number { get; set; }

    /// <summary>The value when it is not a number (text, true/false, or JSON for structured values).</summary>
    public string? Text { get; set; }

    /// <summary>UCUM code of <see cref="Number"/>; null when neither the document nor the profile gives one.</summary>
    public string? Units { get; set; }
}
