namespace SmartLab.Simulators;

/// <summary>How the simulated instruments behave. The defaults give a lively demo: a typical XRD scan ends in seconds.</summary>
public sealed class SimulatorOptions
{
    /// <summary>
    /// Simulated seconds per real second. Default 200: a 30-minute XRD scan takes 9 s, a furnace anneal about a minute.
    /// Physics (ramps, lags, pumping) and method durations all run on this clock.
    /// </summary>
    public double TimeScale { get; set; } = 200;

    /// <summary>Real time between telemetry messages. Default 1 s.</summary>
    public TimeSpan TelemetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed of the noise generators, for reproducible data; random when null (default).</summary>
    public int? Seed { get; set; }

    /// <summary>Calibration id written into every measurement. Default <c>SIM-{profileId}-{yyyy-MM}</c> of the start month.</summary>
    public string? CalibrationId { get; set; }

    /// <summary>Calibration date written into every measurement. Default: the first day of the start month.</summary>
    public DateOnly? CalibrationDate { get; set; }

    /// <summary>Sample phase of the XRD simulator: <c>Si</c> (default), <c>NaCl</c> or <c>CeO2</c>.</summary>
    public string XrdPhase { get; set; } = "Si";

    /// <summary>
    /// Where the furnace records its anneals and the four-point probe reads them. Default
    /// <see cref="Films.SimulatedSamples.Shared"/>, shared by every simulator in the process.
    /// </summary>
    public Films.SimulatedSamples Samples { get; set; } = Films.SimulatedSamples.Shared;

    /// <summary>Checks the settings; throws one <see cref="ArgumentException"/> listing every problem.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!double.IsFinite(TimeScale) || TimeScale <= 0)
        {
            problems.Add($"TimeScale {TimeScale} must be a positive number");
        }

        if (TelemetryInterval <= TimeSpan.Zero)
        {
            problems.Add("TelemetryInterval must be positive");
        }

        if (Xrd.CrystalPhase.Find(XrdPhase) is null)
        {
            problems.Add($"XrdPhase '{XrdPhase}' is not one of {string.Join(", ", Xrd.CrystalPhase.All.Select(p => p.Name))}");
        }

        if (Samples is null)
        {
            problems.Add("Samples must not be null");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid simulator options: " + string.Join("; ", problems) + ".");
        }
    }
}
