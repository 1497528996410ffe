namespace SmartLab.Simulators.Xrd;

/// <summary>An atom of the conventional unit cell: element and fractional coordinates.</summary>
public sealed record AtomSite(string Element, double X, double Y, double Z);
