using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Runner;

/// <summary>A snapshot of a running loop, reported after every change (a job's transition or progress, an experiment's end).</summary>
public sealed record LoopProgress
{
    public required string Loop { get; init; }

    public required int Budget { get; init; }

    /// <summary>Experiments finished (with a value or failed), this run's and earlier runs'.</summary>
    public int Done { get; init; }

    /// <summary>Of <see cref="Done"/>, those that failed (a job failed, was aborted, cancelled or rejected).</summary>
    public int Failed { get; init; }

    /// <summary>Experiments in flight.</summary>
    public int Running { get; init; }

    /// <summary>Experiments whose current job waits in <c>submitted</c> for staff approval (outside the instrument's automation policy).</summary>
    public int WaitingForApproval { get; init; }

    public double? BestValue { get; init; }

    public Point? BestPoint { get; init; }

    public int? BestExperiment { get; init; }

    /// <summary>The experiments in flight, by number.</summary>
    public IReadOnlyList<ExperimentStatus> Active { get; init; } = [];

    /// <summary>Jobs that wait for a person, with the hub's reason.</summary>
    public IReadOnlyList<WaitingJob> Waiting { get; init; } = [];

    /// <summary>What just happened, as one line (an experiment started, a job moved, an experiment ended); null for progress ticks.</summary>
    public string? Event { get; init; }
}

/// <summary>An experiment in flight: its point and the job of its current step.</summary>
public sealed record ExperimentStatus(int Number, Point Point, string Step, string? JobId, string? State, double? Progress, string? Stage);

/// <summary>
/// A job waiting for staff. <see cref="State"/> says for what: <c>submitted</c> = approval (the automation policy did
/// not cover it), <c>awaiting-sample</c> = the sample's receipt, <c>held</c> = release of a hold, <c>succeeded</c> =
/// release of its data. <see cref="Reason"/> is the latest reason in the job's history.
/// </summary>
public sealed record WaitingJob(string JobId, int Experiment, string Step, string State, string? Reason);
