using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

/// <summary>One benchmark of the suite: runs SmartLab and its peer in the same run and adds figures and comparisons to the report.</summary>
public interface IBenchmark
{
    /// <summary>Command name (<c>telemetry</c>, <c>measurements</c>...).</summary>
    string Name { get; }

    string Description { get; }

    Task RunAsync(BenchContext context, CancellationToken cancellationToken);
}
