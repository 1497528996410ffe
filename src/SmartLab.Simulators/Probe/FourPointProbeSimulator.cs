using Microsoft.Extensions.Logging;
using SmartLab.Agent;
using SmartLab.Agent.Commands;
using SmartLab.Agent.Jobs;
using SmartLab.Agent.Parameters;
using SmartLab.Simulators.Films;

namespace SmartLab.Simulators.Probe;

/// <summary>
/// Simulated collinear four-point probe (profile <c>four-point-probe@1.0.0</c>). The film on the stage is the job's
/// sample: its sheet resistance is <see cref="FilmResponse.Expected"/> for the latest anneal that
/// <see cref="SimulatorOptions.Samples"/> holds for it, or <see cref="FilmResponse.AsDepositedResistance"/> when it was
/// never annealed. Each reading scatters by about 1 % (tip placement and contact), plus 1 µV of voltmeter noise that
/// only matters at very small currents.
/// </summary>
public sealed class FourPointProbeSimulator : SimulatorAgent
{
    /// <summary>Profile id this simulator implements.</summary>
    public const string ProfileId = "four-point-probe";

    /// <summary>π / ln 2: sheet resistance per V/I for equally spaced tips on a film much larger than the spacing.</summary>
    public static readonly double GeometricFactor = Math.PI / Math.Log(2);

    /// <summary>Relative scatter of one reading (tip placement, contact).</summary>
    public const double ReadingScatter = 0.01;

    const double TipSpacingMillimetres = 1.0;
    const double VoltmeterNoiseVolts = 1e-6;
    const double ThermoelectricOffsetVolts = 4e-6;
    const double SourceAccuracy = 2e-4;
    const double LowerSeconds = 5;
    const double SettleSeconds = 10;
    const double PassSeconds = 4;
    const double RaiseSeconds = 5;
    const double AmbientCelsius = 22.5;
    const int MaxPoints = 25;

    bool _probeDown;
    double _sourceMilliamps;
    double _stageCelsius = AmbientCelsius;

    /// <summary>Creates the simulator; <paramref name="options"/> must name profile <c>four-point-probe</c>.</summary>
    public FourPointProbeSimulator(AgentOptions options, SimulatorOptions simulator, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : base(options, simulator, loggerFactory, timeProvider)
    {
        RegisterCommand("raiseProbe", RaiseProbeAsync);
        RegisterCommand("emergencyStop", EmergencyStopAsync, allowedInLocalMode: true);
        RegisterSimulatedMethod("sheetResistance", SheetResistanceAsync);
    }

    private protected override void Advance(double seconds)
    {
        // The chuck drifts a little with the room; the probe current is far too small to warm it.
        _stageCelsius = AmbientCelsius + (0.3 * Math.Sin(SimulatedSeconds / 3600 * 2 * Math.PI));
    }

    private protected override IReadOnlyDictionary<string, object?> ReadTelemetry() => new Dictionary<string, object?>
    {
        ["stageTemperature"] = Math.Round(_stageCelsius + Noise.Gaussian(0.02), 2),
        ["probeDown"] = _probeDown,
        ["sourceCurrent"] = Math.Round(_sourceMilliamps, 4),
    };

    Task<CommandResult> RaiseProbeAsync(CommandContext command, CancellationToken cancellationToken)
    {
        if (RefuseDuringJob(command) is { } busy)
        {
            return Task.FromResult(busy);
        }

        MakeSafe();
        return Task.FromResult(CommandResult.Completed(new Dictionary<string, object?> { ["probeDown"] = false }));
    }

    Task<CommandResult> EmergencyStopAsync(CommandContext command, CancellationToken cancellationToken)
    {
        MakeSafe();
        return CompleteEmergencyStopAsync(command, "current source off, probe head lifted");
    }

    void MakeSafe()
    {
        lock (ModelGate)
        {
            Sync();
            _sourceMilliamps = 0;
            _probeDown = false;
        }
    }

    async Task<JobResult> SheetResistanceAsync(JobContext job, CancellationToken cancellationToken)
    {
        var milliamps = job.Parameters.GetDouble("current", 0.01, 10, "mA", 1);
        var points = job.Parameters.GetInt32("points", 5);
        if (points is < 1 or > MaxPoints)
        {
            throw new ParameterException("points",
                $"parameter `points` = {points} is {(points < 1 ? "below the minimum 1" : $"above the maximum {MaxPoints}")} of {job.Parameters.Owner}");
        }

        var sample = job.Sample ?? throw new JobFailedException("NO_SAMPLE",
            $"no film on the stage: job {job.JobId} names no sample, so {InstrumentId} has nothing to measure; submit it with the id of the film to measure");
        var anneal = Simulator.Samples.LatestAnneal(sample.Id);
        if (anneal is null)
        {
            await PublishEventAsync(EventSeverity.Info, "FILM_AS_DEPOSITED",
                $"no anneal of sample {sample.Id} is on record in this process; it is measured as deposited", job.JobId, cancellationToken).ConfigureAwait(false);
        }

        var trueOhmsPerSquare = anneal?.ExpectedSheetResistance ?? FilmResponse.AsDepositedResistance;
        var plan = new RunPlan(this, job, LowerSeconds + SettleSeconds + (points * 2 * PassSeconds) + RaiseSeconds);
        var sheet = new double[points];
        var volts = new double[points];
        var amps = new double[points];
        double stageCelsius;
        try
        {
            await plan.StepAsync("lowering", LowerSeconds, cancellationToken).ConfigureAwait(false);
            lock (ModelGate)
            {
                Sync();
                _probeDown = true;
            }

            await plan.StepAsync("settling", SettleSeconds, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < points; i++)
            {
                (sheet[i], volts[i], amps[i]) = await ReadOnceAsync(plan, milliamps, trueOhmsPerSquare, cancellationToken).ConfigureAwait(false);
            }

            lock (ModelGate)
            {
                Sync();
                stageCelsius = Math.Round(_stageCelsius, 2);
            }

            await plan.StepAsync("raising", RaiseSeconds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever ended the run, leave the film free to unload and the source off.
            MakeSafe();
        }

        var measurement = NewMeasurement(job)
            .AddArray("sheetResistance", sheet, "Ohm/{sq}")
            .AddArray("voltage", volts, "V")
            .AddArray("current", amps, "A")
            .AddCondition("stageTemperature", stageCelsius)
            .AddCondition("tipSpacing", TipSpacingMillimetres)
            .AddCondition("geometricFactor", Math.Round(GeometricFactor, 4))
            .WithInstrumentField("simulatedFilm", DescribeFilm(anneal))
            .Build();
        await PublishMeasurementAsync(measurement, cancellationToken: cancellationToken).ConfigureAwait(false);
        return JobResult.Succeeded(measurement.MeasurementId);
    }

    /// <summary>One reading: a forward and a reverse pass whose voltages are averaged, cancelling the thermoelectric offset.</summary>
    async Task<(double OhmsPerSquare, double Volts, double Amps)> ReadOnceAsync(RunPlan plan, double milliamps, double trueOhmsPerSquare,
        CancellationToken cancellationToken)
    {
        var amps = milliamps / 1000 * (1 + Noise.Gaussian(SourceAccuracy));
        var contact = 1 + Noise.Gaussian(ReadingScatter);
        var signal = amps * trueOhmsPerSquare / GeometricFactor * contact;
        var forward = await PassAsync(plan, milliamps, signal, cancellationToken).ConfigureAwait(false);
        var reverse = await PassAsync(plan, -milliamps, -signal, cancellationToken).ConfigureAwait(false);
        var volts = (forward - reverse) / 2;
        return (Math.Round(GeometricFactor * volts / amps, 4), Math.Round(volts, 10), Math.Round(amps, 10));
    }

    async Task<double> PassAsync(RunPlan plan, double milliamps, double signalVolts, CancellationToken cancellationToken)
    {
        lock (ModelGate)
        {
            Sync();
            _sourceMilliamps = milliamps;
        }

        await plan.StepAsync("measuring", PassSeconds, cancellationToken).ConfigureAwait(false);
        return signalVolts + ThermoelectricOffsetVolts + Noise.Gaussian(VoltmeterNoiseVolts);
    }

    static Dictionary<string, object?> DescribeFilm(FilmAnneal? anneal) => anneal is null
        ? new() { ["state"] = "as-deposited" }
        : new()
        {
            ["state"] = "annealed",
            ["annealTemperature"] = anneal.PeakTemperatureCelsius,
            ["annealDwell"] = anneal.DwellMinutes,
            ["annealAtmosphere"] = anneal.Atmosphere,
            ["annealJobId"] = anneal.JobId,
        };

    /// <summary>Runs the stages on the simulation clock and reports progress against the planned duration.</summary>
    sealed class RunPlan(FourPointProbeSimulator probe, JobContext job, double totalSeconds)
    {
        double _done;

        public async Task StepAsync(string stage, double seconds, CancellationToken cancellationToken)
        {
            await job.ReportProgressAsync(_done / totalSeconds, stage, null, cancellationToken).ConfigureAwait(false);
            await probe.DelaySimulatedAsync(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
            _done += seconds;
        }
    }
}
