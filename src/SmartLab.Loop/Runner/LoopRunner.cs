using SmartLab.Contracts.Api;
using SmartLab.Loop.Optimization;
using SmartLab.Loop.Runner.Internal;

namespace SmartLab.Loop.Runner;

/// <summary>
/// Runs a closed loop against a hub: keeps <see cref="LoopDefinition.InFlight"/> experiments going (each one's steps in
/// order, several experiments side by side), asks the optimizer for the next points (telling it which are still
/// running), and stops at the budget. All state lives in the hub: on start the runner rebuilds the loop's experiments
/// from the account's jobs (their notes <c>loop:{name}:{n}:{step}</c>), so a loop that was stopped or crashed carries on
/// where it was, and a finished experiment is never run twice.
/// </summary>
/// <remarks>
/// Jobs outside the instrument's automation policy wait in <c>submitted</c> for staff approval; the runner reports them
/// (<see cref="LoopProgress.Waiting"/>) and, since they occupy their experiment's slot, starts no more experiments than
/// <see cref="LoopDefinition.InFlight"/> meanwhile. Stopping the runner (its cancellation token) leaves submitted jobs
/// to run in the hub; the next run picks them up.
/// </remarks>
public sealed partial class LoopRunner
{
    readonly LoopDefinition _loop;
    readonly LoopHubClient _hub;
    readonly IOptimizer _optimizer;
    readonly SearchSpace _space;
    readonly LoopRunnerOptions _options;

    // Everything below is guarded by _gate: experiment tasks update it from their event streams.
    readonly Lock _gate = new();
    readonly SortedDictionary<int, ExperimentRun> _active = [];
    readonly SortedDictionary<int, ExperimentResult> _finished = [];
    IProgress<LoopProgress>? _progress;
    StatusReporter? _reporter;
    string _state = "running";
    string? _stoppedBecause;
    string? _objectiveUnit;
    int _started;

    /// <summary>How long the end of a run waits for its last status report to reach the hub.</summary>
    static readonly TimeSpan FinalReportWait = TimeSpan.FromSeconds(5);

    /// <summary>Creates a runner; without <paramref name="optimizer"/>, the one the loop file names is used.</summary>
    public LoopRunner(LoopDefinition loop, LoopHubClient hub, IOptimizer? optimizer = null, LoopRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(hub);
        _loop = loop;
        _hub = hub;
        _space = LoopOptimizers.CreateSpace(loop);
        _optimizer = optimizer ?? LoopOptimizers.Create(loop, _space);
        _options = options ?? new LoopRunnerOptions();
    }

    /// <summary>The optimizer proposing the points.</summary>
    public IOptimizer Optimizer => _optimizer;

    /// <summary>
    /// Runs the loop until its budget is used (counting experiments of earlier runs) or it has to stop, and returns every
    /// finished experiment.
    /// </summary>
    /// <exception cref="LoopHubException">The hub refused a request (for example a parameter outside the profile's range) or stayed unreachable.</exception>
    /// <exception cref="LoopRunException">The loop cannot go on as its file says (see the message).</exception>
    /// <exception cref="OperationCanceledException">Stopped through <paramref name="cancellationToken"/>; run again to resume.</exception>
    public async Task<LoopResult> RunAsync(IProgress<LoopProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("a LoopRunner runs once; create a new one to run the loop again (it resumes from the hub)");
        }

        _progress = progress;
        _reporter = new StatusReporter(_hub, _loop.Name, StatusSnapshot, Report, _hub.Time);
        var me = await _hub.GetMeAsync(cancellationToken).ConfigureAwait(false);
        var (resumed, next) = await RebuildAsync(me.Id, cancellationToken).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = resumed.Select(run => RunExperimentAsync(run, stop.Token)).ToHashSet();

        Report(_finished.Count + resumed.Count == 0
            ? $"loop {_loop.Name}: starting, budget {_loop.Budget}, {_loop.InFlight} at once, optimizer {_optimizer.Name}"
            : $"loop {_loop.Name}: resuming with {_finished.Count} experiment(s) finished and {resumed.Count} in flight");

        string? stoppedBecause = null;
        var ended = LoopEnd.BudgetUsed;
        var failuresInARow = 0;
        try
        {
            while (true)
            {
                if (stoppedBecause is null)
                {
                    var free = Math.Min(_loop.InFlight - running.Count, _loop.Budget - _finished.Count - running.Count);
                    if (free > 0)
                    {
                        var proposals = Propose(free);
                        if (proposals.Count == 0 && running.Count == 0)
                        {
                            stoppedBecause = $"the {_optimizer.Name} optimizer has no new point left in the search space";
                            ended = LoopEnd.NoNewPoint;
                        }

                        foreach (var point in proposals)
                        {
                            var run = await StartExperimentAsync(next, point, stop.Token).ConfigureAwait(false);
                            next = run.Number + 1;
                            running.Add(RunExperimentAsync(run, stop.Token));
                        }
                    }
                }

                if (running.Count == 0)
                {
                    break;
                }

                var done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                var result = await done.ConfigureAwait(false);
                Finish(result);
                failuresInARow = result.Succeeded ? 0 : failuresInARow + 1;
                if (stoppedBecause is null && _options.MaxConsecutiveFailures > 0 && failuresInARow >= _options.MaxConsecutiveFailures)
                {
                    stoppedBecause = $"{failuresInARow} experiments in a row failed";
                    ended = LoopEnd.TooManyFailures;
                    Report($"stopping: {stoppedBecause}; no new experiments, {running.Count} still in flight");
                }
            }
        }
        catch
        {
            // A fatal problem (or the caller's cancellation): stop following the other experiments. Their jobs go on in the
            // hub, and the next run resumes them.
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default))).ConfigureAwait(false);
            await EndStatusAsync("stopped", "the loop's process stopped before its budget was used; running it again resumes it").ConfigureAwait(false);
            throw;
        }

        await EndStatusAsync(stoppedBecause is null ? "finished" : "stopped", stoppedBecause).ConfigureAwait(false);
        lock (_gate)
        {
            var experiments = _finished.Values.ToList();
            return new LoopResult
            {
                Loop = _loop.Name,
                Goal = _loop.Goal,
                Budget = _loop.Budget,
                Experiments = experiments,
                Best = Best(experiments),
                ObjectiveUnit = _objectiveUnit,
                Ended = ended,
                StoppedBecause = stoppedBecause,
            };
        }
    }

    IReadOnlyList<Point> Propose(int count)
    {
        List<Observation> observed;
        List<Point> pending;
        lock (_gate)
        {
            // Failed experiments go in with NaN: never proposed again, not learned from.
            observed = _finished.Values.Select(e => new Observation(e.Point, e.Value ?? double.NaN)).ToList();
            pending = _active.Values.Select(r => r.Point).ToList();
        }

        var proposals = _optimizer.Propose(count, observed, pending);
        foreach (var point in proposals)
        {
            if (!_space.IsFeasible(point))
            {
                throw new LoopRunException($"the {_optimizer.Name} optimizer proposed {Show(point)}, which is outside the loop's search space");
            }
        }

        return proposals;
    }

    void Finish(ExperimentResult result)
    {
        lock (_gate)
        {
            _active.Remove(result.Number);
            _finished[result.Number] = result;
            ReportLocked(result.Value is { } value
                ? $"experiment {result.Number} done: {_loop.Objective.Output} = {Format(value)}{UnitSuffix()} at {Show(result.Point)}"
                : $"experiment {result.Number} failed: {result.Error}");
        }
    }

    ExperimentResult? Best(IEnumerable<ExperimentResult> experiments)
    {
        ExperimentResult? best = null;
        foreach (var experiment in experiments.Where(e => e.Value is not null).OrderBy(e => e.Number))
        {
            if (best is null || (_loop.Goal == Goal.Maximize ? experiment.Value > best.Value : experiment.Value < best.Value))
            {
                best = experiment;
            }
        }

        return best;
    }

    void Report(string? line)
    {
        lock (_gate)
        {
            ReportLocked(line);
        }
    }

    /// <summary>Builds and reports a snapshot; called under the gate so snapshots arrive in order.</summary>
    void ReportLocked(string? line)
    {
        _reporter?.Poke();
        if (_progress is null)
        {
            return;
        }

        var best = Best(_finished.Values);
        var waiting = new List<WaitingJob>();
        foreach (var run in _active.Values)
        {
            if (run.CurrentJob is { } job && JobStateNames.WaitsForStaff(job.State))
            {
                waiting.Add(new WaitingJob(job.Id, run.Number, run.Step, job.State, job.History is { Count: > 0 } history ? history[^1].Reason : null));
            }
        }

        _progress.Report(new LoopProgress
        {
            Loop = _loop.Name,
            Budget = _loop.Budget,
            Done = _finished.Count,
            Failed = _finished.Values.Count(e => !e.Succeeded),
            Running = _active.Count,
            WaitingForApproval = waiting.Count(w => w.State == JobStateNames.Submitted),
            BestValue = best?.Value,
            BestPoint = best?.Point,
            BestExperiment = best?.Number,
            Active = _active.Values.Select(r => new ExperimentStatus(r.Number, r.Point, r.Step, r.CurrentJob?.Id, r.CurrentJob?.State,
                r.CurrentJob?.Progress, r.CurrentJob?.Stage)).ToList(),
            Waiting = waiting,
            Event = line,
        });
    }

    /// <summary>Reports the loop's end to the hub and waits a little for the report to arrive.</summary>
    async Task EndStatusAsync(string state, string? stoppedBecause)
    {
        lock (_gate)
        {
            _state = state;
            _stoppedBecause = stoppedBecause;
        }

        _reporter?.Poke();
        if (_reporter is not null)
        {
            await _reporter.FlushAsync(FinalReportWait).ConfigureAwait(false);
        }
    }

    /// <summary>The loop's status for the hub: settings, every experiment, what waits for staff.</summary>
    LoopStatusReport StatusSnapshot()
    {
        lock (_gate)
        {
            static Dictionary<string, System.Text.Json.JsonElement> Values(Point point) =>
                point.ToDictionary(p => p.Key, p => System.Text.Json.JsonSerializer.SerializeToElement(p.Value));
            var experiments = _finished.Values.Select(e => new LoopExperimentView
                {
                    Number = e.Number, Point = Values(e.Point), Jobs = e.JobIds, SampleId = e.SampleId,
                    State = e.Succeeded ? "done" : "failed", Value = e.Value, Error = e.Error,
                })
                .Concat(_active.Values.Select(r => new LoopExperimentView
                {
                    Number = r.Number, Point = Values(r.Point), Jobs = r.Jobs.ToDictionary(j => j.Key, j => j.Value.Id), SampleId = r.SampleId,
                }))
                .OrderBy(e => e.Number)
                .ToList();
            var waiting = _active.Values
                .Where(r => r.CurrentJob is { } job && JobStateNames.WaitsForStaff(job.State))
                .Select(r => new LoopWaitingView(r.CurrentJob!.Id, r.Number, r.Step, r.CurrentJob.State,
                    r.CurrentJob.History is { Count: > 0 } history ? history[^1].Reason : null))
                .ToList();
            return new LoopStatusReport
            {
                State = _state,
                Description = _loop.Description,
                Optimizer = _optimizer.Name,
                Goal = _loop.Goal == Goal.Maximize ? "maximize" : "minimize",
                Budget = _loop.Budget,
                InFlight = _loop.InFlight,
                Objective = $"{_loop.Objective.Output} of {_loop.Objective.Step} ({_loop.Objective.Reduce.ToString().ToLowerInvariant()})",
                ObjectiveUnit = _objectiveUnit,
                Space = _loop.Space.Select(d => new LoopDimensionView(d.Name, d.Type.ToString().ToLowerInvariant(), d.Unit)).ToList(),
                Experiments = experiments,
                Waiting = waiting,
                StoppedBecause = _stoppedBecause,
            };
        }
    }

    static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A point for people: six significant digits, units from the loop file.</summary>
    string Show(Point point) => string.Join(", ", point.Select(p =>
        $"{p.Key}={(p.Value is double d ? Format(d) : Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture))}"
        + (_loop.Space.FirstOrDefault(x => x.Name == p.Key)?.Unit is { Length: > 0 } unit ? " " + unit : "")));

    string UnitSuffix() => _objectiveUnit is { Length: > 0 } unit ? " " + unit : "";
}
