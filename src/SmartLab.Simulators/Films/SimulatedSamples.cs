namespace SmartLab.Simulators.Films;

/// <summary>
/// What each simulated sample has been through, keyed by the hub's sample id. It stands in for the physical sample
/// carried from one instrument to the next: the furnace simulator records an anneal when its <c>anneal</c> job for a
/// sample completes, and the four-point probe reads the sample's latest anneal to know which film lies on its stage.
/// </summary>
/// <remarks>
/// The record lives in memory, so it only connects simulators running in one process (the hub's demo mode, tests);
/// it is lost when the process ends, after which the films read as deposited. Thread-safe: simulators record and read
/// from their own job threads. Simulators use <see cref="Shared"/> unless <see cref="SimulatorOptions.Samples"/> names
/// another instance, which lets tests that reuse sample ids keep their films apart.
/// </remarks>
public sealed class SimulatedSamples
{
    readonly Lock _gate = new();
    readonly Dictionary<string, List<FilmAnneal>> _anneals = new(StringComparer.Ordinal);

    /// <summary>The process-wide record the simulators use by default.</summary>
    public static SimulatedSamples Shared { get; } = new();

    /// <summary>Records a completed anneal of <see cref="FilmAnneal.SampleId"/>.</summary>
    public void RecordAnneal(FilmAnneal anneal)
    {
        ArgumentNullException.ThrowIfNull(anneal);
        ArgumentException.ThrowIfNullOrWhiteSpace(anneal.SampleId);
        lock (_gate)
        {
            if (!_anneals.TryGetValue(anneal.SampleId, out var list))
            {
                _anneals[anneal.SampleId] = list = [];
            }

            list.Add(anneal);
        }
    }

    /// <summary>The most recent anneal of <paramref name="sampleId"/>, or null for a film that was never annealed here.</summary>
    public FilmAnneal? LatestAnneal(string sampleId)
    {
        ArgumentNullException.ThrowIfNull(sampleId);
        lock (_gate)
        {
            return _anneals.TryGetValue(sampleId, out var list) ? list[^1] : null;
        }
    }

    /// <summary>Every recorded anneal of <paramref name="sampleId"/>, oldest first.</summary>
    public IReadOnlyList<FilmAnneal> Anneals(string sampleId)
    {
        ArgumentNullException.ThrowIfNull(sampleId);
        lock (_gate)
        {
            return _anneals.TryGetValue(sampleId, out var list) ? [.. list] : [];
        }
    }
}
