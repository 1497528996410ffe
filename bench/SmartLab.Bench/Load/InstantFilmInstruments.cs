using SmartLab.Agent;
using SmartLab.Agent.Jobs;
using SmartLab.Agent.Measurements;
using SmartLab.Simulators.Films;

namespace SmartLab.Bench.Load;

/// <summary>
/// The demo loop's two instruments with runs that take no time: a tube furnace whose <c>anneal</c> records the anneal at
/// once, and a four-point probe whose <c>sheetResistance</c> reads the film's modelled value at once. Both speak protocol
/// v1 through the agent SDK like the simulators do, so a loop iteration against them costs only the hub, the SDK and
/// the loop client.
/// </summary>
public sealed class InstantFurnace : InstrumentAgent
{
    readonly SimulatedSamples _samples;

    public InstantFurnace(AgentOptions options, SimulatedSamples samples) : base(options)
    {
        _samples = samples;
        RegisterMethod("anneal", AnnealAsync);
    }

    async Task<JobResult> AnnealAsync(JobContext job, CancellationToken cancellationToken)
    {
        var temperature = job.Parameters.GetDouble("temperature");
        var dwell = job.Parameters.GetDouble("dwell");
        var atmosphere = job.Parameters.TryGet("atmosphere", out var a) ? a.GetString() ?? "N2" : "N2";
        if (job.Sample is { } sample)
        {
            _samples.RecordAnneal(new FilmAnneal(sample.Id, temperature, temperature, dwell, atmosphere, InstrumentId, job.JobId, TimeProvider.GetUtcNow()));
        }

        var measurement = new MeasurementBuilder(job.Method, TimeProvider)
            .ForJob(job)
            .WithCalibration("bench-tc", new DateOnly(2026, 1, 1))
            .AddArray("time", [0.0, 60 * dwell], "s")
            .AddArray("temperature", [temperature, temperature], "Cel")
            .Build();
        await PublishMeasurementAsync(measurement, cancellationToken: cancellationToken).ConfigureAwait(false);
        return JobResult.Succeeded(measurement.MeasurementId);
    }
}

/// <summary>The instant four-point probe of <see cref="InstantFurnace"/>'s pair.</summary>
public sealed class InstantProbe : InstrumentAgent
{
    readonly SimulatedSamples _samples;

    public InstantProbe(AgentOptions options, SimulatedSamples samples) : base(options)
    {
        _samples = samples;
        RegisterMethod("sheetResistance", MeasureAsync);
    }

    async Task<JobResult> MeasureAsync(JobContext job, CancellationToken cancellationToken)
    {
        var anneal = job.Sample is { } sample ? _samples.LatestAnneal(sample.Id) : null;
        var ohms = anneal?.ExpectedSheetResistance ?? FilmResponse.AsDepositedResistance;
        var measurement = new MeasurementBuilder(job.Method, TimeProvider)
            .ForJob(job)
            .WithCalibration("bench-ref", new DateOnly(2026, 1, 1))
            .AddArray("sheetResistance", [ohms], "Ohm/{sq}")
            .AddArray("voltage", [ohms * 1e-3 * Math.Log(2) / Math.PI], "V")
            .AddArray("current", [1e-3], "A")
            .Build();
        await PublishMeasurementAsync(measurement, cancellationToken: cancellationToken).ConfigureAwait(false);
        return JobResult.Succeeded(measurement.MeasurementId);
    }
}
