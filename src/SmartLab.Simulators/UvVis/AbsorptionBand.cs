namespace SmartLab.Simulators.UvVis;

/// <summary>A Gaussian absorption band.</summary>
/// <param name="CenterNanometres">Band maximum, nm.</param>
/// <param name="PeakAbsorbance">Absorbance at the maximum (decadic, dimensionless).</param>
/// <param name="WidthNanometres">Standard deviation of the Gaussian, nm.</param>
public sealed record AbsorptionBand(double CenterNanometres, double PeakAbsorbance, double WidthNanometres);
