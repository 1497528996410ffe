using System.Globalization;
using SmartLab.Loop.Runner;

namespace SmartLab.Cli.Loop;

/// <summary>
/// A reference loop run beside the main one with another optimizer (<c>compare:</c>), for the convergence plot. It has
/// no live display of its own; a failure is reported, never turned into the main loop's failure.
/// </summary>
internal sealed class ReferenceLoop
{
    int _done;

    public ReferenceLoop(LoopDefinition loop, LoopHubClient hub, CancellationToken cancellationToken)
    {
        Loop = loop;
        var progress = new Progress(this);
        Completion = RunAsync(new LoopRunner(loop, hub), progress, cancellationToken);
    }

    public LoopDefinition Loop { get; }

    /// <summary>Ends when the loop ends, whichever way; never faults.</summary>
    public Task Completion { get; }

    public LoopResult? Result { get; private set; }

    public string? Error { get; private set; }

    /// <summary>How far it is, for a waiting line.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Loop.Optimizer} {Volatile.Read(ref _done)}/{Loop.Budget}");

    /// <summary>One line for the end of the run: its best value, or why it has none.</summary>
    public string Summary(LoopDefinition main)
    {
        if (Result is not { } result)
        {
            return $"reference loop {Loop.Name} ({Loop.Optimizer}) did not finish: {Error ?? "stopped"}";
        }

        return result.Best is { Value: { } value } best
            ? string.Create(CultureInfo.InvariantCulture,
                $"reference loop {Loop.Name} ({Loop.Optimizer}): best {main.Objective.Output} = {value:G6}{(result.ObjectiveUnit is { } unit ? " " + unit : "")} at experiment {best.Number} of {result.Experiments.Count}")
            : $"reference loop {Loop.Name} ({Loop.Optimizer}): no experiment succeeded";
    }

    async Task RunAsync(LoopRunner runner, IProgress<LoopProgress> progress, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            Result = await runner.RunAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Error = "stopped";
        }
        catch (Exception e) when (e is LoopHubException or LoopRunException)
        {
            Error = e.Message;
        }
    }

    sealed class Progress(ReferenceLoop loop) : IProgress<LoopProgress>
    {
        public void Report(LoopProgress value) => Volatile.Write(ref loop._done, value.Done);
    }
}
