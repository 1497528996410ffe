namespace SmartLab.Domain.Measurements;

/// <summary>The calibration a measurement was taken under, as the agent's document states it.</summary>
public sealed class MeasurementCalibration
{
    public string? Id { get; set; }

    /// <summary>The calibration's date as the document gives it (ISO 8601 text, not reinterpreted).</summary>
    public string? Date { get; set; }
}
