using Microsoft.Extensions.Logging;
using SmartLab.Agent;
using SmartLab.Agent.Commands;
using SmartLab.Agent.Jobs;
using SmartLab.Agent.Measurements;
using SmartLab.Simulators.Internal;

namespace SmartLab.Simulators;

/// <summary>
/// Base of the simulated instruments: an <see cref="InstrumentAgent"/> whose hardware is a physics model advanced on a
/// simulation clock (<see cref="SimulatorOptions.TimeScale"/> simulated seconds per real second), with periodic
/// telemetry, an emergency stop that ends a running job, and calibration metadata on every measurement.
/// </summary>
public abstract class SimulatorAgent : InstrumentAgent
{
    readonly long _start;
    long _lastSync;
    CancellationTokenSource _emergency = new();

    private protected SimulatorAgent(AgentOptions options, SimulatorOptions simulator, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        : base(options, loggerFactory, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        simulator.Validate();
        Simulator = simulator;
        Noise = new Noise(simulator.Seed);
        var today = TimeProvider.GetUtcNow();
        CalibrationDate = simulator.CalibrationDate ?? new DateOnly(today.Year, today.Month, 1);
        CalibrationId = simulator.CalibrationId ?? $"SIM-{options.ProfileId}-{today:yyyy-MM}";
        _start = _lastSync = TimeProvider.GetTimestamp();
    }

    /// <summary>The simulator settings.</summary>
    public SimulatorOptions Simulator { get; }

    /// <summary>Calibration id written into every measurement.</summary>
    public string CalibrationId { get; }

    /// <summary>Calibration date written into every measurement.</summary>
    public DateOnly CalibrationDate { get; }

    /// <summary>Simulated seconds since the simulator was created.</summary>
    public double SimulatedSeconds => TimeProvider.GetElapsedTime(_start).TotalSeconds * Simulator.TimeScale;

    /// <summary>Guards the physics model: commands, jobs and the telemetry loop all touch it.</summary>
    private protected Lock ModelGate { get; } = new();

    private protected Noise Noise { get; }

    /// <summary>Fires when an emergency stop is commanded; running methods end as failed.</summary>
    private protected CancellationToken EmergencyToken => Volatile.Read(ref _emergency).Token;

    /// <summary>Advances the physics model by <paramref name="seconds"/> of simulated time. Called under <see cref="ModelGate"/>.</summary>
    private protected abstract void Advance(double seconds);

    /// <summary>The current readings, named as in the device profile. Called under <see cref="ModelGate"/> after a sync.</summary>
    private protected abstract IReadOnlyDictionary<string, object?> ReadTelemetry();

    /// <summary>Brings the model up to the present. Call under <see cref="ModelGate"/>.</summary>
    private protected void Sync()
    {
        var now = TimeProvider.GetTimestamp();
        var seconds = TimeProvider.GetElapsedTime(_lastSync, now).TotalSeconds * Simulator.TimeScale;
        _lastSync = now;
        if (seconds > 0)
        {
            Advance(seconds);
        }
    }

    /// <summary>Takes a consistent snapshot of the readings (syncs the model first).</summary>
    public IReadOnlyDictionary<string, object?> ReadTelemetryNow()
    {
        lock (ModelGate)
        {
            Sync();
            return ReadTelemetry();
        }
    }

    /// <inheritdoc />
    protected override async Task RunInstrumentAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Simulator.TelemetryInterval, TimeProvider);
        do
        {
            await PublishTelemetryAsync(ReadTelemetryNow(), stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Waits at least <paramref name="simulated"/> on the simulation clock (timers are coarse: it may be more at large time scales).</summary>
    private protected async Task DelaySimulatedAsync(TimeSpan simulated, CancellationToken cancellationToken)
    {
        if (simulated <= TimeSpan.Zero)
        {
            return;
        }

        var until = SimulatedSeconds + simulated.TotalSeconds;
        await Task.Delay(simulated / Simulator.TimeScale, TimeProvider, cancellationToken).ConfigureAwait(false);
        while (SimulatedSeconds < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <paramref name="condition"/> (under the model lock, after a sync) until it holds or the simulated timeout passes.</summary>
    private protected async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan simulatedTimeout, CancellationToken cancellationToken)
    {
        var deadline = SimulatedSeconds + simulatedTimeout.TotalSeconds;
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(500 / Simulator.TimeScale, 2, 250));
        while (true)
        {
            lock (ModelGate)
            {
                Sync();
                if (condition())
                {
                    return true;
                }
            }

            if (SimulatedSeconds > deadline)
            {
                return false;
            }

            await Task.Delay(poll, TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Registers a method whose run also ends (as failed) on an emergency stop.</summary>
    private protected void RegisterSimulatedMethod(string name, MethodHandler handler) =>
        RegisterMethod(name, async (job, abort) =>
        {
            var emergency = EmergencyToken;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort, emergency);
            try
            {
                return await handler(job, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (emergency.IsCancellationRequested && !abort.IsCancellationRequested)
            {
                throw new JobFailedException("EMERGENCY_STOP",
                    $"an emergency stop on {InstrumentId} ended `{name}`; the instrument was made safe and the partial data were not kept");
            }
        });

    /// <summary>Ends a running method, raises an alarm event; the subclass makes its hardware safe first.</summary>
    private protected async Task<CommandResult> CompleteEmergencyStopAsync(CommandContext command, string whatWasDone)
    {
        // Not disposed: a method starting right now may still link to it.
        var previous = Interlocked.Exchange(ref _emergency, new CancellationTokenSource());
        await previous.CancelAsync().ConfigureAwait(false);
        await PublishEventAsync(EventSeverity.Alarm, "EMERGENCY_STOP",
            $"emergency stop by {command.IssuedBy ?? "unknown"}: {whatWasDone}", ActiveJobId).ConfigureAwait(false);
        return CommandResult.Completed();
    }

    /// <summary>Refuses an actuating command while a job owns the instrument.</summary>
    private protected CommandResult? RefuseDuringJob(CommandContext command) =>
        ActiveJobId is { } job
            ? CommandResult.Rejected("INSTRUMENT_BUSY", $"{InstrumentId} is running job {job}; `{command.Name}` would disturb it")
            : null;

    /// <summary>A measurement builder pre-filled with the job, the calibration and the simulator flag.</summary>
    private protected MeasurementBuilder NewMeasurement(JobContext job) =>
        new MeasurementBuilder(job.Method, TimeProvider)
            .ForJob(job)
            .WithCalibration(CalibrationId, CalibrationDate)
            .WithInstrumentField("simulated", true)
            .WithInstrumentField("model", GetType().Name);

    /// <inheritdoc />
    protected override ValueTask DisposeAsyncCore()
    {
        _emergency.Dispose();
        return base.DisposeAsyncCore();
    }
}
