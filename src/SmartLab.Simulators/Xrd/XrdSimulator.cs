using Microsoft.Extensions.Logging;
using SmartLab.Agent;
using SmartLab.Agent.Commands;
using SmartLab.Agent.Jobs;
using SmartLab.Simulators.Internal;

namespace SmartLab.Simulators.Xrd;

/// <summary>
/// Simulated powder diffractometer (profile <c>xrd-powder@1.0.0</c>): a Cu tube whose generator ramps at 1 kV/s, a
/// shutter interlocked with the enclosure door, a θ/θ goniometer, and a detector that sees the pattern of
/// <see cref="SimulatorOptions.XrdPhase"/>.
/// </summary>
public sealed class XrdSimulator : SimulatorAgent
{
    /// <summary>Profile id this simulator implements.</summary>
    public const string ProfileId = "xrd-powder";

    /// <summary>Tube rating: voltage × current may not exceed this, W.</summary>
    public const double MaxTubePowerWatts = 2200;

    const double StandbyVoltage = 20;
    const double StandbyCurrent = 5;
    const double VoltageRampPerSecond = 1;
    const double CurrentRampPerSecond = 2;
    const double GoniometerDegreesPerSecond = 8;
    const double ParkTwoTheta = 10;
    const int MaxPoints = 50_000;
    const double AmbientCelsius = 22;

    double _voltage = StandbyVoltage;
    double _current = StandbyCurrent;
    double _targetVoltage = StandbyVoltage;
    double _targetCurrent = StandbyCurrent;
    double _twoTheta = ParkTwoTheta;
    double _targetTwoTheta = ParkTwoTheta;
    double _enclosureCelsius = AmbientCelsius + 0.5;
    bool _shutterOpen;
    bool _doorClosed = true;

    /// <summary>Creates the simulator; <paramref name="options"/> must name profile <c>xrd-powder</c>.</summary>
    public XrdSimulator(AgentOptions options, SimulatorOptions simulator, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : base(options, simulator, loggerFactory, timeProvider)
    {
        Pattern = new XrdPatternModel(CrystalPhase.Find(simulator.XrdPhase)!);
        RegisterCommand("setTubePower", SetTubePowerAsync);
        RegisterCommand("openShutter", OpenShutterAsync);
        RegisterCommand("closeShutter", CloseShutterAsync, allowedInLocalMode: true);
        RegisterCommand("emergencyStop", EmergencyStopAsync, allowedInLocalMode: true);
        RegisterSimulatedMethod("theta2theta", Theta2ThetaAsync);
    }

    /// <summary>The diffraction model of the sample in the instrument.</summary>
    public XrdPatternModel Pattern { get; }

    /// <summary>Simulates the enclosure door (closed by default); opening it closes the shutter, as the interlock does.</summary>
    public void SetDoorClosed(bool closed)
    {
        lock (ModelGate)
        {
            Sync();
            _doorClosed = closed;
            if (!closed)
            {
                _shutterOpen = false;
            }
        }
    }

    private protected override void Advance(double seconds)
    {
        _voltage = Ramp.Toward(_voltage, _targetVoltage, VoltageRampPerSecond, seconds);
        _current = Ramp.Toward(_current, _targetCurrent, CurrentRampPerSecond, seconds);
        _twoTheta = Ramp.Toward(_twoTheta, _targetTwoTheta, GoniometerDegreesPerSecond, seconds);

        // The tube heats the enclosure: about 1.5 K per kW, settling over a quarter of an hour.
        _enclosureCelsius = Ramp.FirstOrder(_enclosureCelsius, AmbientCelsius + (0.0015 * _voltage * _current), 900, seconds);
    }

    private protected override IReadOnlyDictionary<string, object?> ReadTelemetry()
    {
        var rate = _shutterOpen ? Pattern.CountRate(_twoTheta, _voltage, _current) : 0.2;
        return new Dictionary<string, object?>
        {
            ["tubeVoltage"] = Math.Round(_voltage + Noise.Gaussian(0.01), 2),
            ["tubeCurrent"] = Math.Round(_current + Noise.Gaussian(0.005), 2),
            ["shutterOpen"] = _shutterOpen,
            ["goniometerTwoTheta"] = Math.Round(_twoTheta, 4),
            ["detectorCountRate"] = (double)Noise.Poisson(rate),
            ["enclosureTemperature"] = Math.Round(_enclosureCelsius + Noise.Gaussian(0.02), 2),
        };
    }

    async Task<CommandResult> SetTubePowerAsync(CommandContext command, CancellationToken cancellationToken)
    {
        var voltage = command.Parameters.GetDouble("voltage", 0, 60, "kV");
        var current = command.Parameters.GetDouble("current", 0, 60, "mA");
        if (RefuseDuringJob(command) is { } busy)
        {
            return busy;
        }

        if (voltage * current > MaxTubePowerWatts)
        {
            return CommandResult.Rejected("TUBE_OVERLOAD",
                $"{voltage:G4} kV × {current:G4} mA = {voltage * current:G4} W is above the tube rating of {MaxTubePowerWatts} W");
        }

        return await RampGeneratorAsync(voltage, current, cancellationToken).ConfigureAwait(false)
            ? CommandResult.Completed(new Dictionary<string, object?> { ["voltage"] = voltage, ["current"] = current })
            : CommandResult.Failed("GENERATOR_TIMEOUT", $"the generator did not reach {voltage} kV / {current} mA within two simulated minutes");
    }

    Task<CommandResult> OpenShutterAsync(CommandContext command, CancellationToken cancellationToken)
    {
        if (RefuseDuringJob(command) is { } busy)
        {
            return Task.FromResult(busy);
        }

        lock (ModelGate)
        {
            Sync();
            if (!_doorClosed)
            {
                return Task.FromResult(CommandResult.Rejected("INTERLOCK_DOOR_OPEN", "the enclosure door is open; close it before opening the shutter"));
            }

            _shutterOpen = true;
        }

        return Task.FromResult(CommandResult.Completed());
    }

    Task<CommandResult> CloseShutterAsync(CommandContext command, CancellationToken cancellationToken)
    {
        lock (ModelGate)
        {
            Sync();
            _shutterOpen = false;
        }

        return Task.FromResult(CommandResult.Completed());
    }

    Task<CommandResult> EmergencyStopAsync(CommandContext command, CancellationToken cancellationToken)
    {
        lock (ModelGate)
        {
            Sync();
            _shutterOpen = false;
            _targetTwoTheta = _twoTheta;
            _targetVoltage = Math.Min(_voltage, StandbyVoltage);
            _targetCurrent = Math.Min(_current, StandbyCurrent);
        }

        return CompleteEmergencyStopAsync(command, "shutter closed, goniometer stopped, generator ramping to standby");
    }

    async Task<bool> RampGeneratorAsync(double voltage, double current, CancellationToken cancellationToken)
    {
        lock (ModelGate)
        {
            Sync();
            _targetVoltage = voltage;
            _targetCurrent = current;
        }

        return await WaitUntilAsync(() => _voltage == voltage && _current == current, TimeSpan.FromMinutes(2), cancellationToken)
            .ConfigureAwait(false);
    }

    async Task<JobResult> Theta2ThetaAsync(JobContext job, CancellationToken cancellationToken)
    {
        var p = job.Parameters;
        var start = p.GetDouble("start", 2, 150, "deg");
        var stop = p.GetDouble("stop", 2, 150, "deg");
        var step = p.GetDouble("step", 0.001, 1, "deg");
        var dwell = p.GetDouble("dwell", 0.01, 60, "s");
        var voltage = p.GetDouble("tubeVoltage", 20, 60, "kV", 40);
        var current = p.GetDouble("tubeCurrent", 5, 50, "mA", 30);
        if (stop <= start)
        {
            throw new JobFailedException("INVALID_PARAMETER", $"parameter `stop` = {stop} deg must be greater than `start` = {start} deg");
        }

        var points = (int)Math.Floor(((stop - start) / step) + 1e-9) + 1;
        if (points > MaxPoints)
        {
            throw new JobFailedException("INVALID_PARAMETER",
                $"the scan {start}..{stop} deg in steps of {step} deg has {points} points, above the {MaxPoints} one measurement can hold; use a larger step");
        }

        if (voltage * current > MaxTubePowerWatts)
        {
            throw new JobFailedException("TUBE_OVERLOAD", $"{voltage} kV × {current} mA is above the tube rating of {MaxTubePowerWatts} W");
        }

        await job.ReportProgressAsync(0, "generator", $"ramping to {voltage} kV, {current} mA", cancellationToken).ConfigureAwait(false);
        if (!await RampGeneratorAsync(voltage, current, cancellationToken).ConfigureAwait(false))
        {
            throw new JobFailedException("GENERATOR_TIMEOUT", $"the generator did not reach {voltage} kV / {current} mA");
        }

        var angles = new double[points];
        for (var i = 0; i < points; i++)
        {
            angles[i] = Math.Round(start + (i * step), 5);
        }

        double enclosure;
        try
        {
            await job.ReportProgressAsync(0, "positioning", null, cancellationToken).ConfigureAwait(false);
            lock (ModelGate)
            {
                Sync();
                if (!_doorClosed)
                {
                    throw new JobFailedException("INTERLOCK_DOOR_OPEN", "the enclosure door is open; close it and start the scan again");
                }

                _targetTwoTheta = start;
            }

            await WaitUntilAsync(() => _twoTheta == start, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            lock (ModelGate)
            {
                Sync();
                _shutterOpen = true;
                enclosure = _enclosureCelsius;
            }

            // The counts are drawn up front; the scan then advances in segments so progress and telemetry follow it.
            var counts = Pattern.Scan(angles, dwell, voltage, current, Noise);
            await ScanSegmentsAsync(job, angles, dwell, cancellationToken).ConfigureAwait(false);

            var measurement = NewMeasurement(job)
                .AddArray("twoTheta", angles, "deg")
                // Whole counts, declared as dtype number like the profile's output.
                .AddArray("intensity", Array.ConvertAll(counts, c => (double)c), "{counts}")
                .AddCondition("tubeVoltage", voltage)
                .AddCondition("tubeCurrent", current)
                .AddCondition("anode", "Cu")
                .AddCondition("wavelength", XrdPatternModel.CuKAlpha1)
                .AddCondition("enclosureTemperature", Math.Round(enclosure, 2))
                .WithInstrumentField("simulatedPhase", Pattern.Phase.Name)
                .Build();
            await job.ReportProgressAsync(1, "saving", null, cancellationToken).ConfigureAwait(false);
            await PublishMeasurementAsync(measurement, cancellationToken: cancellationToken).ConfigureAwait(false);
            return JobResult.Succeeded(measurement.MeasurementId);
        }
        finally
        {
            lock (ModelGate)
            {
                Sync();
                _shutterOpen = false;
            }
        }
    }

    async Task ScanSegmentsAsync(JobContext job, double[] angles, double dwell, CancellationToken cancellationToken)
    {
        var segments = Math.Min(angles.Length, 50);
        var done = 0;
        for (var segment = 1; segment <= segments; segment++)
        {
            var end = (int)((long)angles.Length * segment / segments);
            await DelaySimulatedAsync(TimeSpan.FromSeconds((end - done) * dwell), cancellationToken).ConfigureAwait(false);
            done = end;
            lock (ModelGate)
            {
                Sync();
                if (!_shutterOpen)
                {
                    throw new JobFailedException("SHUTTER_CLOSED", $"the shutter was closed at 2θ = {_twoTheta:F3} deg during the scan; the data are incomplete");
                }

                _twoTheta = _targetTwoTheta = angles[end - 1];
            }

            await job.ReportProgressAsync((double)done / angles.Length, "scanning", null, cancellationToken).ConfigureAwait(false);
        }
    }
}
