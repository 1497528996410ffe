using Microsoft.Extensions.Logging;
using SmartLab.Agent;
using SmartLab.Agent.Commands;
using SmartLab.Agent.Jobs;
using SmartLab.Simulators.Internal;

namespace SmartLab.Simulators.UvVis;

/// <summary>
/// Simulated double-beam UV-Vis spectrophotometer (profile <c>uv-vis@1.0.0</c>) holding a methylene-blue solution:
/// lamps that take a minute to ignite and twenty to settle, a monochromator with a finite slew rate, and a
/// sample-beam shutter.
/// </summary>
public sealed class UvVisSimulator : SimulatorAgent
{
    /// <summary>Profile id this simulator implements.</summary>
    public const string ProfileId = "uv-vis";

    /// <summary>Scan speeds, nm/min, and their base photometric noise, absorbance units.</summary>
    public static readonly IReadOnlyDictionary<string, (double NanometresPerMinute, double Noise)> ScanSpeeds =
        new Dictionary<string, (double, double)> { ["slow"] = (120, 0.0006), ["medium"] = (600, 0.0015), ["fast"] = (2400, 0.004) };

    const double IgnitionSeconds = 60;
    const double SettleSeconds = 20 * 60;
    const double SlewNanometresPerSecond = 100;
    const int MaxPoints = 10_000;

    readonly AbsorbanceModel _sample = AbsorbanceModel.MethyleneBlue;
    double _lampHours = 412.0;
    double? _ignitionLeft;
    double _litSeconds;
    bool _lampLit;
    double _wavelength = 500;
    double _targetWavelength = 500;
    double _slewRate = SlewNanometresPerSecond;
    double _detectorCelsius = 24;
    bool _shutterOpen;

    /// <summary>Creates the simulator; <paramref name="options"/> must name profile <c>uv-vis</c>.</summary>
    public UvVisSimulator(AgentOptions options, SimulatorOptions simulator, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : base(options, simulator, loggerFactory, timeProvider)
    {
        RegisterCommand("setLamp", SetLampAsync);
        RegisterCommand("setWavelength", SetWavelengthAsync);
        RegisterCommand("recordDarkReference", RecordDarkReferenceAsync);
        RegisterCommand("emergencyStop", EmergencyStopAsync, allowedInLocalMode: true);
        RegisterSimulatedMethod("absorbanceScan", AbsorbanceScanAsync);
    }

    /// <summary>The sample model.</summary>
    public AbsorbanceModel Sample => _sample;

    private protected override void Advance(double seconds)
    {
        if (_ignitionLeft is { } left)
        {
            _lampHours += Math.Min(left, seconds) / 3600;
            if (left <= seconds)
            {
                _ignitionLeft = null;
                _lampLit = true;
                _litSeconds = 0;
                seconds -= left;
            }
            else
            {
                _ignitionLeft = left - seconds;
                seconds = 0;
            }
        }

        if (_lampLit)
        {
            _litSeconds += seconds;
            _lampHours += seconds / 3600;
        }

        _wavelength = Ramp.Toward(_wavelength, _targetWavelength, _slewRate, seconds);
        _detectorCelsius = Ramp.FirstOrder(_detectorCelsius, _lampLit ? 25.5 : 24, 300, seconds);
    }

    private protected override IReadOnlyDictionary<string, object?> ReadTelemetry() => new Dictionary<string, object?>
    {
        ["lampOn"] = _lampLit,
        ["lampHours"] = Math.Round(_lampHours, 3),
        ["detectorTemperature"] = Math.Round(_detectorCelsius + Noise.Gaussian(0.02), 2),
        ["wavelength"] = Math.Round(_wavelength, 2),
    };

    async Task<CommandResult> SetLampAsync(CommandContext command, CancellationToken cancellationToken)
    {
        var on = command.Parameters.GetBoolean("on");
        if (RefuseDuringJob(command) is { } busy)
        {
            return busy;
        }

        if (!on)
        {
            lock (ModelGate)
            {
                Sync();
                _lampLit = false;
                _ignitionLeft = null;
            }

            return CommandResult.Completed();
        }

        return await IgniteAsync(cancellationToken).ConfigureAwait(false)
            ? CommandResult.Completed()
            : CommandResult.Failed("LAMP_FAILED", "the deuterium lamp did not ignite within five simulated minutes");
    }

    int _darkReferences;

    async Task<CommandResult> RecordDarkReferenceAsync(CommandContext command, CancellationToken cancellationToken)
    {
        if (RefuseDuringJob(command) is { } busy)
        {
            return busy;
        }

        // Half a second of integration with the shutter closed.
        await DelaySimulatedAsync(TimeSpan.FromSeconds(0.5), cancellationToken).ConfigureAwait(false);
        var number = Interlocked.Increment(ref _darkReferences);
        return CommandResult.Completed(new Dictionary<string, object?> { ["darkReference"] = number, ["integrationSeconds"] = 0.5 });
    }

    async Task<CommandResult> SetWavelengthAsync(CommandContext command, CancellationToken cancellationToken)
    {
        var wavelength = command.Parameters.GetDouble("wavelength", 190, 1100, "nm");
        if (RefuseDuringJob(command) is { } busy)
        {
            return busy;
        }

        return await MoveMonochromatorAsync(wavelength, cancellationToken).ConfigureAwait(false)
            ? CommandResult.Completed(new Dictionary<string, object?> { ["wavelength"] = wavelength })
            : CommandResult.Failed("DRIVE_STOPPED", $"the monochromator did not reach {wavelength} nm (stopped)");
    }

    Task<CommandResult> EmergencyStopAsync(CommandContext command, CancellationToken cancellationToken)
    {
        lock (ModelGate)
        {
            Sync();
            _targetWavelength = _wavelength;
            _shutterOpen = false;
        }

        return CompleteEmergencyStopAsync(command, "monochromator drive stopped, sample-beam shutter closed");
    }

    async Task<bool> IgniteAsync(CancellationToken cancellationToken)
    {
        lock (ModelGate)
        {
            Sync();
            if (!_lampLit && _ignitionLeft is null)
            {
                _ignitionLeft = IgnitionSeconds;
            }
        }

        return await WaitUntilAsync(() => _lampLit, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
    }

    async Task<bool> MoveMonochromatorAsync(double wavelength, CancellationToken cancellationToken)
    {
        lock (ModelGate)
        {
            Sync();
            _slewRate = SlewNanometresPerSecond;
            _targetWavelength = wavelength;
        }

        // 910 nm at 100 nm/s takes 9 s; allow for that with margin.
        return await WaitUntilAsync(() => _wavelength == wavelength || _targetWavelength != wavelength, TimeSpan.FromSeconds(30), cancellationToken)
            .ConfigureAwait(false) && _wavelength == wavelength;
    }

    async Task<JobResult> AbsorbanceScanAsync(JobContext job, CancellationToken cancellationToken)
    {
        var start = job.Parameters.GetDouble("startWavelength", 190, 1100, "nm");
        var stop = job.Parameters.GetDouble("stopWavelength", 190, 1100, "nm");
        var interval = job.Parameters.GetDouble("interval", 0.1, 10, "nm");
        var speedName = job.Parameters.GetChoice("scanSpeed", [.. ScanSpeeds.Keys], "medium");
        var speed = ScanSpeeds[speedName];
        if (start == stop)
        {
            throw new JobFailedException("INVALID_PARAMETER", $"`startWavelength` and `stopWavelength` are both {start} nm; a scan needs a range");
        }

        var points = (int)Math.Floor((Math.Abs(stop - start) / interval) + 1e-9) + 1;
        if (points > MaxPoints)
        {
            throw new JobFailedException("INVALID_PARAMETER", $"the scan has {points} points, above the {MaxPoints} allowed; use a larger interval");
        }

        var direction = Math.Sign(stop - start);
        var wavelengths = new double[points];
        for (var i = 0; i < points; i++)
        {
            wavelengths[i] = Math.Round(start + (direction * i * interval), 3);
        }

        bool lit;
        lock (ModelGate)
        {
            Sync();
            lit = _lampLit;
        }

        if (!lit)
        {
            await job.ReportProgressAsync(0, "lamp", "igniting the lamps", cancellationToken).ConfigureAwait(false);
            if (!await IgniteAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new JobFailedException("LAMP_FAILED", "the deuterium lamp did not ignite");
            }
        }

        double litSeconds;
        lock (ModelGate)
        {
            Sync();
            litSeconds = _litSeconds;
        }

        if (litSeconds < SettleSeconds)
        {
            await PublishEventAsync(EventSeverity.Warning, "LAMP_WARMING",
                $"the lamps have been lit for {litSeconds / 60:F1} min of the 20 min the baseline needs to settle; expect a slight baseline tilt",
                job.JobId, cancellationToken).ConfigureAwait(false);
        }

        await job.ReportProgressAsync(0, "positioning", null, cancellationToken).ConfigureAwait(false);
        if (!await MoveMonochromatorAsync(start, cancellationToken).ConfigureAwait(false))
        {
            throw new JobFailedException("DRIVE_STOPPED", "the monochromator did not reach the start wavelength");
        }

        double[] absorbance;
        try
        {
            lock (ModelGate)
            {
                Sync();
                _shutterOpen = true;
                _slewRate = speed.NanometresPerMinute / 60;
            }

            await ScanSegmentsAsync(job, wavelengths, speed.NanometresPerMinute, cancellationToken).ConfigureAwait(false);
            var drift = 0.02 * Math.Exp(-litSeconds / 600);
            absorbance = _sample.Measure(wavelengths, speed.Noise, drift, Noise);
        }
        finally
        {
            lock (ModelGate)
            {
                Sync();
                _shutterOpen = false;
                _slewRate = SlewNanometresPerSecond;
            }
        }

        var measurement = NewMeasurement(job)
            .AddArray("wavelength", wavelengths, "nm")
            .AddArray("absorbance", absorbance, "1")
            .AddCondition("scanSpeed", speedName)
            .AddCondition("lampWarmup", Math.Round(litSeconds / 60, 1))
            .AddCondition("pathLength", 10)
            .WithInstrumentField("simulatedSample", _sample.SampleName)
            .Build();
        await PublishMeasurementAsync(measurement, cancellationToken: cancellationToken).ConfigureAwait(false);
        return JobResult.Succeeded(measurement.MeasurementId);
    }

    async Task ScanSegmentsAsync(JobContext job, double[] wavelengths, double nanometresPerMinute, CancellationToken cancellationToken)
    {
        var segments = Math.Min(wavelengths.Length, 50);
        var done = 0;
        for (var segment = 1; segment <= segments; segment++)
        {
            var end = (int)((long)wavelengths.Length * segment / segments);
            var span = Math.Abs(wavelengths[end - 1] - wavelengths[done == 0 ? 0 : done - 1]);
            await DelaySimulatedAsync(TimeSpan.FromSeconds(span / nanometresPerMinute * 60), cancellationToken).ConfigureAwait(false);
            done = end;
            lock (ModelGate)
            {
                Sync();
                if (!_shutterOpen)
                {
                    throw new JobFailedException("SHUTTER_CLOSED", "the sample-beam shutter closed during the scan; the data are incomplete");
                }

                _wavelength = _targetWavelength = wavelengths[end - 1];
            }

            await job.ReportProgressAsync((double)done / wavelengths.Length, "scanning", null, cancellationToken).ConfigureAwait(false);
        }
    }
}
