using Microsoft.Extensions.Logging;
using SmartLab.Agent;
using SmartLab.Agent.Commands;
using SmartLab.Agent.Jobs;
using SmartLab.Agent.Measurements;
using SmartLab.Simulators.Imaging;
using SmartLab.Simulators.Internal;

namespace SmartLab.Simulators.Sem;

/// <summary>
/// Simulated thermionic SEM (profile <c>sem@1.0.0</c>): a vent/pump cycle with a realistic pressure curve, a high-voltage
/// supply interlocked on the vacuum, a motorised stage, and frames rendered by <see cref="SemImageRenderer"/>
/// and sent as 16-bit PNG files through the outbox.
/// </summary>
public sealed class SemSimulator : SimulatorAgent
{
    /// <summary>Profile id this simulator implements.</summary>
    public const string ProfileId = "sem";

    /// <summary>Highest chamber pressure at which the beam may be on, Pa.</summary>
    public const double ImagingPressure = 2e-3;

    const double AtmospherePa = 101_325;
    const double BasePressurePa = 5e-4;
    const double PumpTimeConstantSeconds = 25;
    const double VentTimeConstantSeconds = 6;
    const double VoltageRampPerSecond = 5;
    const double StageMillimetresPerSecond = 5;
    const double FocusSeconds = 5;

    readonly SemImageRenderer _renderer = new();
    VacuumState _vacuum = VacuumState.Pumped;
    double _pressure = 6e-4;
    bool _beamOn;
    double _voltage;
    double _targetVoltage = 15;
    double _stageX;
    double _stageY;
    double _targetX;
    double _targetY;
    double _workingDistance = 10;

    /// <summary>Creates the simulator; <paramref name="options"/> must name profile <c>sem</c>.</summary>
    public SemSimulator(AgentOptions options, SimulatorOptions simulator, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : base(options, simulator, loggerFactory, timeProvider)
    {
        RegisterCommand("setAcceleratingVoltage", SetAcceleratingVoltageAsync);
        RegisterCommand("moveStage", MoveStageAsync);
        RegisterCommand("vent", VentAsync);
        RegisterCommand("pumpDown", PumpDownAsync);
        RegisterCommand("emergencyStop", EmergencyStopAsync, allowedInLocalMode: true);
        RegisterSimulatedMethod("acquireImage", AcquireImageAsync);
    }

    /// <summary>The chamber's vent/pump state.</summary>
    public VacuumState Vacuum
    {
        get
        {
            lock (ModelGate)
            {
                Sync();
                return _vacuum;
            }
        }
    }

    private protected override void Advance(double seconds)
    {
        switch (_vacuum)
        {
            case VacuumState.Pumping:
            case VacuumState.Pumped:
                // Log-linear approach to the base pressure: roughing, then the turbo pump.
                _pressure = Math.Exp(Ramp.FirstOrder(Math.Log(_pressure), Math.Log(BasePressurePa), PumpTimeConstantSeconds, seconds));
                if (_vacuum == VacuumState.Pumping && _pressure < ImagingPressure)
                {
                    _vacuum = VacuumState.Pumped;
                }

                break;
            case VacuumState.Venting:
                _pressure = Ramp.FirstOrder(_pressure, AtmospherePa, VentTimeConstantSeconds, seconds);
                if (_pressure > 0.95 * AtmospherePa)
                {
                    _vacuum = VacuumState.Vented;
                    _pressure = AtmospherePa;
                }

                break;
            case VacuumState.Vented:
                _pressure = AtmospherePa;
                break;
        }

        if (_vacuum != VacuumState.Pumped)
        {
            // Interlock: no high voltage without high vacuum.
            _beamOn = false;
        }

        _voltage = Ramp.Toward(_voltage, _beamOn ? _targetVoltage : 0, VoltageRampPerSecond, seconds);
        _stageX = Ramp.Toward(_stageX, _targetX, StageMillimetresPerSecond, seconds);
        _stageY = Ramp.Toward(_stageY, _targetY, StageMillimetresPerSecond, seconds);
    }

    private protected override IReadOnlyDictionary<string, object?> ReadTelemetry() => new Dictionary<string, object?>
    {
        ["acceleratingVoltage"] = Math.Round(_voltage, 3),
        ["beamCurrent"] = Math.Round(Math.Max(0, BeamCurrent() * (1 + Noise.Gaussian(0.01))), 1),
        ["chamberPressure"] = _pressure * (1 + Noise.Gaussian(0.005)),
        ["workingDistance"] = Math.Round(_workingDistance, 3),
        ["stageX"] = Math.Round(_stageX, 4),
        ["stageY"] = Math.Round(_stageY, 4),
    };

    /// <summary>Probe current of the tungsten gun, pA: rises with the accelerating voltage.</summary>
    double BeamCurrent() => _beamOn ? 80 * _voltage / 15 : 0;

    async Task<CommandResult> SetAcceleratingVoltageAsync(CommandContext command, CancellationToken cancellationToken)
    {
        var voltage = command.Parameters.GetDouble("voltage", 0.5, 30, "kV");
        if (RefuseDuringJob(command) is { } busy)
        {
            return busy;
        }

        lock (ModelGate)
        {
            Sync();
            if (_vacuum != VacuumState.Pumped)
            {
                return NotPumped();
            }

            _targetVoltage = voltage;
            _beamOn = true;
        }

        return await WaitUntilAsync(() => !_beamOn || _voltage == voltage, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false)
            && Volatile.Read(ref _beamOn)
            ? CommandResult.Completed(new Dictionary<string, object?> { ["voltage"] = voltage })
            : CommandResult.Failed("BEAM_OFF", "the high voltage was switched off before it reached the requested value");
    }

    async Task<CommandResult> MoveStageAsync(CommandContext command, CancellationToken cancellationToken)
    {
        var x = command.Parameters.GetDouble("x", -50, 50, "mm");
        var y = command.Parameters.GetDouble("y", -50, 50, "mm");
        if (RefuseDuringJob(command) is { } busy)
        {
            return busy;
        }

        lock (ModelGate)
        {
            Sync();
            if (_vacuum == VacuumState.Venting)
            {
                return CommandResult.Rejected("VENTING", "the chamber is venting; the stage stays still until venting has finished");
            }

            _targetX = x;
            _targetY = y;
        }

        var settled = await WaitUntilAsync(() => (_stageX == x && _stageY == y) || _targetX != x || _targetY != y, TimeSpan.FromMinutes(1),
            cancellationToken).ConfigureAwait(false);
        lock (ModelGate)
        {
            return settled && _stageX == x && _stageY == y
                ? CommandResult.Completed(new Dictionary<string, object?> { ["x"] = x, ["y"] = y })
                : CommandResult.Failed("STAGE_STOPPED", $"the stage stopped at ({_stageX:F3}, {_stageY:F3}) mm before reaching ({x}, {y}) mm");
        }
    }

    async Task<CommandResult> VentAsync(CommandContext command, CancellationToken cancellationToken)
    {
        if (RefuseDuringJob(command) is { } busy)
        {
            return busy;
        }

        lock (ModelGate)
        {
            Sync();
            _beamOn = false;
            _targetX = _stageX;
            _targetY = _stageY;
            _vacuum = VacuumState.Venting;
        }

        return await WaitUntilAsync(() => _vacuum == VacuumState.Vented, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false)
            ? CommandResult.Completed()
            : CommandResult.Failed("VENT_TIMEOUT", "the chamber did not reach atmosphere within two minutes");
    }

    async Task<CommandResult> PumpDownAsync(CommandContext command, CancellationToken cancellationToken)
    {
        if (RefuseDuringJob(command) is { } busy)
        {
            return busy;
        }

        lock (ModelGate)
        {
            Sync();
            if (_vacuum != VacuumState.Pumped)
            {
                _vacuum = VacuumState.Pumping;
            }
        }

        return await WaitUntilAsync(() => _vacuum == VacuumState.Pumped, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false)
            ? CommandResult.Completed(new Dictionary<string, object?> { ["pressure"] = _pressure })
            : CommandResult.Failed("PUMPDOWN_TIMEOUT", $"the chamber is at {_pressure:G3} Pa after five minutes; check the door seal and the pumps");
    }

    Task<CommandResult> EmergencyStopAsync(CommandContext command, CancellationToken cancellationToken)
    {
        lock (ModelGate)
        {
            Sync();
            _beamOn = false;
            _targetX = _stageX;
            _targetY = _stageY;
        }

        return CompleteEmergencyStopAsync(command, "beam blanked and switched off, stage stopped");
    }

    CommandResult NotPumped() => CommandResult.Rejected("VACUUM_NOT_READY",
        $"the chamber is at {_pressure:G3} Pa ({_vacuum.ToString().ToLowerInvariant()}); pump down below {ImagingPressure} Pa first");

    async Task<JobResult> AcquireImageAsync(JobContext job, CancellationToken cancellationToken)
    {
        var magnification = job.Parameters.GetDouble("magnification", 10, 1_000_000, "1");
        var width = job.Parameters.GetInt32("width");
        if (width is < 256 or > 4096)
        {
            throw new JobFailedException("INVALID_PARAMETER", $"parameter `width` = {width} px is outside 256..4096 px of method `acquireImage`");
        }

        var dwell = job.Parameters.GetDouble("dwell", 0.1, 100, "us", 1);
        var detector = job.Parameters.GetChoice("detector", ["SE", "BSE"], "SE");
        var voltage = job.Parameters.GetDouble("acceleratingVoltage", 0.5, 30, "kV", 15);

        lock (ModelGate)
        {
            Sync();
            if (_vacuum != VacuumState.Pumped)
            {
                throw new JobFailedException("VACUUM_NOT_READY", NotPumped().Error!.Message);
            }

            _targetVoltage = voltage;
            _beamOn = true;
        }

        await job.ReportProgressAsync(0, "beam", $"high voltage to {voltage} kV", cancellationToken).ConfigureAwait(false);
        if (!await WaitUntilAsync(() => !_beamOn || _voltage == voltage, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false)
            || !Volatile.Read(ref _beamOn))
        {
            throw new JobFailedException("BEAM_OFF", "the high voltage went off before the frame started");
        }

        await job.ReportProgressAsync(0.05, "focusing", null, cancellationToken).ConfigureAwait(false);
        await DelaySimulatedAsync(TimeSpan.FromSeconds(FocusSeconds), cancellationToken).ConfigureAwait(false);

        SemFrameSettings frame;
        double pressure;
        lock (ModelGate)
        {
            Sync();
            _workingDistance = Math.Round(10 + Noise.Gaussian(0.05), 3);
            frame = new SemFrameSettings(magnification, width, dwell, detector, _voltage, BeamCurrent(), _stageX, _stageY);
            pressure = _pressure;
        }

        var frameSeconds = (double)width * width * dwell / 1e6;
        const int segments = 20;
        for (var segment = 1; segment <= segments; segment++)
        {
            await DelaySimulatedAsync(TimeSpan.FromSeconds(frameSeconds / segments), cancellationToken).ConfigureAwait(false);
            lock (ModelGate)
            {
                Sync();
                if (!_beamOn)
                {
                    throw new JobFailedException("BEAM_OFF", "the beam went off during the frame; the image is incomplete");
                }
            }

            await job.ReportProgressAsync(0.05 + (0.85 * segment / segments), "scanning", null, cancellationToken).ConfigureAwait(false);
        }

        var noiseSeed = (int)(Noise.Uniform() * int.MaxValue);
        var png = await Task.Run(() => PngEncoder.EncodeGray16(width, width, _renderer.Render(frame, noiseSeed)), cancellationToken)
            .ConfigureAwait(false);
        await job.ReportProgressAsync(0.95, "saving", null, cancellationToken).ConfigureAwait(false);

        var measurement = NewMeasurement(job)
            .AddScalar("pixelSize", Math.Round(frame.PixelSizeNanometres, 4), "nm")
            .AddScalar("fieldOfView", Math.Round(frame.FieldOfViewMicrometres, 4), "um")
            .AddScalar("width", width, "{px}")
            .AddScalar("height", width, "{px}")
            .AddScalar("magnification", magnification, "1")
            .AddCondition("detector", detector)
            .AddCondition("acceleratingVoltage", voltage)
            .AddCondition("beamCurrent", Math.Round(frame.BeamCurrentPicoamps, 1))
            .AddCondition("dwell", dwell)
            .AddCondition("workingDistance", _workingDistance)
            .AddCondition("chamberPressure", pressure)
            .AddCondition("stageX", frame.StageX)
            .AddCondition("stageY", frame.StageY)
            .Build();
        var image = OutgoingFile.FromBytes($"sem-{job.JobId}-{detector}.png", "image/png", png);
        await PublishMeasurementAsync(measurement, [image], cancellationToken).ConfigureAwait(false);
        return JobResult.Succeeded(measurement.MeasurementId);
    }
}
