namespace SmartLab.Simulators.Sem;

/// <summary>Beam, scan and stage settings of one SEM frame.</summary>
/// <param name="Magnification">Magnification referred to a 127 mm wide display.</param>
/// <param name="Width">Frame width and height, pixels.</param>
/// <param name="DwellMicroseconds">Beam dwell per pixel, µs.</param>
/// <param name="Detector">SE (topography) or BSE (composition).</param>
/// <param name="AcceleratingVoltage">Beam voltage, kV.</param>
/// <param name="BeamCurrentPicoamps">Probe current, pA.</param>
/// <param name="StageX">Stage X, mm.</param>
/// <param name="StageY">Stage Y, mm.</param>
public sealed record SemFrameSettings(
    double Magnification,
    int Width,
    double DwellMicroseconds,
    string Detector,
    double AcceleratingVoltage,
    double BeamCurrentPicoamps,
    double StageX,
    double StageY)
{
    /// <summary>Width of the display the magnification refers to, µm (the vendor convention: 127 mm).</summary>
    public const double DisplayWidthMicrometres = 127_000;

    /// <summary>Horizontal field of view, µm.</summary>
    public double FieldOfViewMicrometres => DisplayWidthMicrometres / Magnification;

    /// <summary>Pixel size, nm.</summary>
    public double PixelSizeNanometres => FieldOfViewMicrometres / Width * 1000;
}
