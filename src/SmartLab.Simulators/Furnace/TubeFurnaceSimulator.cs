using Microsoft.Extensions.Logging;
using SmartLab.Agent;
using SmartLab.Agent.Commands;
using SmartLab.Agent.Jobs;
using SmartLab.Simulators.Films;
using SmartLab.Simulators.Internal;

namespace SmartLab.Simulators.Furnace;

/// <summary>
/// Simulated tube furnace (profile <c>tube-furnace@1.0.0</c>): the <see cref="FurnaceThermalModel"/> plus a mass-flow
/// controller on four gas lines. Forming gas (5 % H2) needs the exhaust; heating needs the lid closed.
/// </summary>
public sealed class TubeFurnaceSimulator : SimulatorAgent
{
    /// <summary>Profile id this simulator implements.</summary>
    public const string ProfileId = "tube-furnace";

    /// <summary>The gas lines.</summary>
    public static readonly IReadOnlyList<string> Gases = ["air", "N2", "Ar", "forming-gas"];

    const double PurgeFlow = 500;
    const double ProcessFlow = 200;
    const double FlowTimeConstantSeconds = 2;
    const double UnloadCelsius = 100;

    readonly FurnaceThermalModel _thermal = new();
    double _flow;
    double _targetFlow;
    string _gas = "N2";
    bool _exhaustRunning = true;

    /// <summary>Creates the simulator; <paramref name="options"/> must name profile <c>tube-furnace</c>.</summary>
    public TubeFurnaceSimulator(AgentOptions options, SimulatorOptions simulator, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : base(options, simulator, loggerFactory, timeProvider)
    {
        RegisterCommand("setSetpoint", SetSetpointAsync);
        RegisterCommand("setGasFlow", SetGasFlowAsync);
        RegisterCommand("emergencyStop", EmergencyStopAsync, allowedInLocalMode: true);
        RegisterSimulatedMethod("anneal", AnnealAsync);
    }

    /// <summary>Simulates the lid (closed by default); an open lid cuts the heater through the interlock.</summary>
    public void SetDoorClosed(bool closed)
    {
        lock (ModelGate)
        {
            Sync();
            _thermal.DoorClosed = closed;
        }
    }

    /// <summary>Simulates the exhaust extraction (running by default); forming gas is refused without it.</summary>
    public void SetExhaustRunning(bool running)
    {
        lock (ModelGate)
        {
            Sync();
            _exhaustRunning = running;
            if (!running && _gas == "forming-gas")
            {
                _gas = "N2";
            }
        }
    }

    private protected override void Advance(double seconds)
    {
        _thermal.Advance(seconds);
        _flow = Ramp.FirstOrder(_flow, _targetFlow, FlowTimeConstantSeconds, seconds);
    }

    private protected override IReadOnlyDictionary<string, object?> ReadTelemetry() => new Dictionary<string, object?>
    {
        ["temperature"] = Math.Round(_thermal.Temperature + Noise.Gaussian(0.1), 1),
        ["setpoint"] = Math.Round(_thermal.Setpoint, 1),
        ["heaterPower"] = Math.Round(_thermal.HeaterPower, 1),
        ["gasFlow"] = Math.Round(Math.Max(0, _flow + (_targetFlow > 0 ? Noise.Gaussian(0.5) : 0)), 1),
        ["doorClosed"] = _thermal.DoorClosed,
    };

    Task<CommandResult> SetSetpointAsync(CommandContext command, CancellationToken cancellationToken)
    {
        var temperature = command.Parameters.GetDouble("temperature", 20, 1200, "Cel");
        var rampRate = command.Parameters.GetDouble("rampRate", 0.1, 20, "K/min", 10);
        if (RefuseDuringJob(command) is { } busy)
        {
            return Task.FromResult(busy);
        }

        lock (ModelGate)
        {
            Sync();
            if (!_thermal.DoorClosed && temperature > _thermal.Temperature)
            {
                return Task.FromResult(CommandResult.Rejected("INTERLOCK_DOOR_OPEN", "the furnace lid is open; close and latch it before heating"));
            }

            _thermal.SetTarget(temperature, rampRate);
        }

        return Task.FromResult(CommandResult.Completed(new Dictionary<string, object?> { ["temperature"] = temperature, ["rampRate"] = rampRate }));
    }

    Task<CommandResult> SetGasFlowAsync(CommandContext command, CancellationToken cancellationToken)
    {
        var flow = command.Parameters.GetDouble("flow", 0, 2000, "mL/min");
        var gas = command.Parameters.GetChoice("gas", Gases);
        if (RefuseDuringJob(command) is { } busy)
        {
            return Task.FromResult(busy);
        }

        lock (ModelGate)
        {
            Sync();
            if (gas == "forming-gas" && flow > 0 && !_exhaustRunning)
            {
                return Task.FromResult(CommandResult.Rejected("EXHAUST_OFF", "forming gas (5 % H2) needs the exhaust extraction running; switch it on first"));
            }

            _gas = gas;
            _targetFlow = flow;
        }

        return Task.FromResult(CommandResult.Completed(new Dictionary<string, object?> { ["flow"] = flow, ["gas"] = gas }));
    }

    Task<CommandResult> EmergencyStopAsync(CommandContext command, CancellationToken cancellationToken)
    {
        lock (ModelGate)
        {
            Sync();
            _thermal.CutHeater();
            _gas = "N2";
            _targetFlow = PurgeFlow;
        }

        return CompleteEmergencyStopAsync(command, "heater cut, forming-gas line closed, N2 purge at 500 mL/min");
    }

    async Task<JobResult> AnnealAsync(JobContext job, CancellationToken cancellationToken)
    {
        var temperature = job.Parameters.GetDouble("temperature", 100, 1200, "Cel");
        var rampRate = job.Parameters.GetDouble("rampRate", 0.1, 20, "K/min");
        var dwellMinutes = job.Parameters.GetDouble("dwell", 1, 1440, "min");
        var atmosphere = job.Parameters.GetChoice("atmosphere", Gases);

        double startCelsius;
        lock (ModelGate)
        {
            Sync();
            if (!_thermal.DoorClosed)
            {
                throw new JobFailedException("INTERLOCK_DOOR_OPEN", "the furnace lid is open; close and latch it, then start the anneal again");
            }

            if (atmosphere == "forming-gas" && !_exhaustRunning)
            {
                throw new JobFailedException("EXHAUST_OFF", "forming gas (5 % H2) needs the exhaust extraction running");
            }

            startCelsius = _thermal.Temperature;
            _gas = atmosphere;
            _targetFlow = PurgeFlow;
        }

        var purgeSeconds = 300.0;
        var estimate = purgeSeconds + (Math.Abs(temperature - startCelsius) / rampRate * 60) + (dwellMinutes * 60)
            + ((temperature - UnloadCelsius) / rampRate * 60) + (2 * _thermal.CoolingTimeConstantSeconds);
        var recorder = new AnnealRecorder(this, job, estimate, SimulatedSeconds);
        try
        {
            await recorder.RunUntilAsync("purging", () => recorder.Elapsed >= purgeSeconds, cancellationToken).ConfigureAwait(false);

            lock (ModelGate)
            {
                Sync();
                _targetFlow = ProcessFlow;
                _thermal.SetTarget(temperature, rampRate);
            }

            await recorder.RunUntilAsync("heating", () => _thermal.Setpoint == temperature, cancellationToken).ConfigureAwait(false);
            var dwellEnd = recorder.Elapsed + (dwellMinutes * 60);
            await recorder.RunUntilAsync("dwelling", () => recorder.Elapsed >= dwellEnd, cancellationToken).ConfigureAwait(false);

            lock (ModelGate)
            {
                Sync();
                _thermal.SetTarget(_thermal.AmbientCelsius, rampRate);
            }

            await recorder.RunUntilAsync("cooling", () => _thermal.Temperature < UnloadCelsius, cancellationToken).ConfigureAwait(false);
            lock (ModelGate)
            {
                Sync();
                _targetFlow = 0;
            }
        }
        catch
        {
            // Whatever ended the run, do not leave the furnace heating unattended.
            lock (ModelGate)
            {
                Sync();
                _thermal.SetTarget(_thermal.AmbientCelsius, 20);
            }

            throw;
        }

        var peakCelsius = Math.Round(recorder.Temperatures.Max(), 1);
        if (job.Sample is { } sample)
        {
            // The film leaves the furnace with this history; the next instrument it visits reads it from the record.
            Simulator.Samples.RecordAnneal(new FilmAnneal(sample.Id, peakCelsius, temperature, dwellMinutes, atmosphere, InstrumentId, job.JobId,
                TimeProvider.GetUtcNow()));
        }

        var measurement = NewMeasurement(job)
            .AddArray("time", recorder.Times, "s")
            .AddArray("temperature", recorder.Temperatures, "Cel")
            .AddCondition("atmosphere", atmosphere)
            .AddCondition("gasFlow", ProcessFlow)
            .AddCondition("holdTemperature", temperature)
            .AddCondition("maxTemperature", peakCelsius)
            .Build();
        await PublishMeasurementAsync(measurement, cancellationToken: cancellationToken).ConfigureAwait(false);
        return JobResult.Succeeded(measurement.MeasurementId);
    }

    /// <summary>Logs temperature while a stage runs, and reports progress against the estimated duration.</summary>
    sealed class AnnealRecorder(TubeFurnaceSimulator furnace, JobContext job, double estimateSeconds, double startSimulated)
    {
        readonly double _interval = Math.Clamp(estimateSeconds / 1500, 2, 120);
        double _lastReported = -1;

        public List<double> Times { get; } = [];

        public List<double> Temperatures { get; } = [];

        public double Elapsed => furnace.SimulatedSeconds - startSimulated;

        public async Task RunUntilAsync(string stage, Func<bool> done, CancellationToken cancellationToken)
        {
            await job.ReportProgressAsync(Progress(), stage, null, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                bool finished;
                lock (furnace.ModelGate)
                {
                    furnace.Sync();
                    if (!furnace._thermal.DoorClosed)
                    {
                        throw new JobFailedException("INTERLOCK_DOOR_OPEN", $"the furnace lid opened while {stage}; the heater was cut by the interlock");
                    }

                    Times.Add(Math.Round(Elapsed, 1));
                    Temperatures.Add(Math.Round(furnace._thermal.Temperature + furnace.Noise.Gaussian(0.1), 2));
                    finished = done();
                }

                if (finished)
                {
                    return;
                }

                var progress = Progress();
                if (progress - _lastReported >= 0.02)
                {
                    _lastReported = progress;
                    await job.ReportProgressAsync(progress, stage, null, cancellationToken).ConfigureAwait(false);
                }

                await furnace.DelaySimulatedAsync(TimeSpan.FromSeconds(_interval), cancellationToken).ConfigureAwait(false);
            }
        }

        double Progress() => Math.Min(0.99, Elapsed / estimateSeconds);
    }
}
