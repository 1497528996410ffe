using SmartLab.Contracts.Api;
using SmartLab.Loop.Optimization;
using SmartLab.Loop.Runner.Internal;

namespace SmartLab.Loop.Runner;

public sealed partial class LoopRunner
{
    /// <summary>
    /// Rebuilds the loop's experiments from the account's jobs in the hub: finished experiments become observations
    /// (their values read again from the measurements), unfinished ones are returned to be resumed. Returns the number
    /// the next new experiment gets.
    /// </summary>
    async Task<(List<ExperimentRun> Resumed, int Next)> RebuildAsync(string account, CancellationToken cancellationToken)
    {
        var jobs = await _hub.ListJobsAsync(account, cancellationToken).ConfigureAwait(false);
        var tagged = jobs.Select(j => (Job: j, Notes: LoopNotes.TryParse(j.Notes)))
            .Where(t => t.Notes is not null && t.Notes.Loop == _loop.Name)
            .Select(t => (t.Job, Notes: t.Notes!))
            .ToList();
        var resumed = new List<ExperimentRun>();
        var highest = 0;
        foreach (var experiment in tagged.GroupBy(t => t.Notes.Experiment).OrderBy(g => g.Key))
        {
            var number = experiment.Key;
            highest = Math.Max(highest, number);
            var byStep = new Dictionary<string, JobView>(StringComparer.Ordinal);

            // Oldest first, so a step submitted again by hand (with another key) counts with its latest job.
            foreach (var (job, notes) in experiment.OrderBy(t => t.Job.CreatedAt).ThenBy(t => t.Job.Id, StringComparer.Ordinal))
            {
                if (_loop.FindStep(notes.Step) is null)
                {
                    throw new LoopRunException($"job {job.Id} is step `{notes.Step}` of experiment {number} of loop `{_loop.Name}`, but the loop file has "
                        + $"no such step (steps: {string.Join(", ", _loop.Steps.Select(s => s.Name))}). A loop's steps cannot change between runs; "
                        + "give a changed loop a new name.");
                }

                byStep[notes.Step] = job;
            }

            var point = await RecoverPointAsync(number, byStep, cancellationToken).ConfigureAwait(false);
            var sampleId = _loop.Steps.Select(s => byStep.GetValueOrDefault(s.Name)?.SampleId).FirstOrDefault(s => s is not null);
            var (state, at) = Classify(byStep);
            var run = new ExperimentRun(number, point) { SampleId = sampleId, FromEarlierRun = state != ExperimentState.Unfinished, Step = at.Name };
            foreach (var (step, job) in byStep)
            {
                run.Jobs[step] = job;
            }

            switch (state)
            {
                case ExperimentState.Failed:
                    _finished[number] = Failed(run, at.Name, byStep[at.Name]);
                    break;
                case ExperimentState.Delivered:
                    var value = await ReadObjectiveAsync(byStep[_loop.Objective.Step], cancellationToken).ConfigureAwait(false);
                    _finished[number] = value is { } v
                        ? run.Succeeded(v)
                        : run.Failed($"{_loop.Objective.Step} job {byStep[_loop.Objective.Step].Id} was delivered without a measurement");
                    break;
                default:
                    _active[number] = run;
                    resumed.Add(run);
                    break;
            }
        }

        return (resumed, highest + 1);
    }

    enum ExperimentState
    {
        Unfinished,
        Failed,
        Delivered,
    }

    /// <summary>Where an experiment stands: every step delivered, a step that ended without results, or the step to go on with.</summary>
    (ExperimentState State, LoopStep At) Classify(Dictionary<string, JobView> byStep)
    {
        foreach (var step in _loop.Steps)
        {
            if (!byStep.TryGetValue(step.Name, out var job))
            {
                return (ExperimentState.Unfinished, step);
            }

            if (job.State == JobStateNames.Delivered)
            {
                continue;
            }

            return (JobStateNames.IsFinal(job.State) ? ExperimentState.Failed : ExperimentState.Unfinished, step);
        }

        return (ExperimentState.Delivered, _loop.Steps[^1]);
    }

    /// <summary>
    /// The experiment's point: from the parameters its jobs were submitted with (exactly what ran), and for dimensions
    /// only later steps use, from the conditions written into its sample.
    /// </summary>
    async Task<Point> RecoverPointAsync(int number, Dictionary<string, JobView> byStep, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var step in _loop.Steps)
        {
            if (byStep.GetValueOrDefault(step.Name)?.Parameters is not { } parameters)
            {
                continue;
            }

            foreach (var (name, path) in ParameterTemplate.Placeholders(step.Parameters))
            {
                if (!values.ContainsKey(name) && ParameterTemplate.At(parameters, path) is { } value)
                {
                    values[name] = value.Clone();
                }
            }
        }

        var sampleId = byStep.Values.Select(j => j.SampleId).FirstOrDefault(s => s is not null);
        if (values.Count < _loop.Space.Count && sampleId is not null)
        {
            var sample = await _hub.GetSampleAsync(sampleId, cancellationToken).ConfigureAwait(false);
            foreach (var (name, value) in SampleConditions.Read(sample.Description) ?? [])
            {
                values.TryAdd(name, value);
            }
        }

        try
        {
            return _space.CreatePoint(values);
        }
        catch (ArgumentException e)
        {
            throw new LoopRunException($"cannot recover the conditions of experiment {number} of loop `{_loop.Name}` "
                + $"(jobs {string.Join(", ", byStep.Values.Select(j => j.Id))}): {e.Message} A loop's search space cannot change between runs; "
                + "give a changed loop a new name.", e);
        }
    }
}
