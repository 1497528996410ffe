namespace SmartLab.Export.Model;

/// <summary>The calibration a measurement rests on (<c>instrument.calibration</c> of the document).</summary>
public sealed record Calibration(string? Id, string? Date);
