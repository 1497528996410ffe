using SmartLab.Cli.Output;
using SmartLab.Loop.Runner;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SmartLab.Cli.Loop;

/// <summary>
/// Shows a running loop. On a terminal: a live panel with the counts, the best so far, the experiments in flight, the
/// jobs waiting for staff and the latest events. Redirected: one timestamped line per event, nothing redrawn.
/// </summary>
internal sealed class LoopProgressView(CliConsole console, TimeProvider time, LoopDefinition loop) : IProgress<LoopProgress>
{
    const int RecentEvents = 8;
    static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(250);

    readonly Lock _gate = new();
    readonly Queue<string> _events = new();
    LoopProgress? _latest;

    /// <summary>Runs the loop with this view as its progress sink and returns its result.</summary>
    public async Task<LoopResult> ShowAsync(Func<IProgress<LoopProgress>, Task<LoopResult>> run)
    {
        if (!console.Interactive)
        {
            return await run(this);
        }

        LoopResult result = null!;
        await console.Ansi.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            var running = run(this);
            while (!running.IsCompleted)
            {
                context.UpdateTarget(Render());
                await Task.WhenAny(running, Task.Delay(Redraw, time));
            }

            context.UpdateTarget(Render());
            result = await running;
        });
        return result;
    }

    /// <summary>Called by the runner (under its lock, from any thread).</summary>
    public void Report(LoopProgress value)
    {
        lock (_gate)
        {
            _latest = value;
            if (value.Event is not { } line)
            {
                return;
            }

            var stamped = $"{Formats.Clock(time.GetUtcNow(), time)} {line}";
            if (!console.Interactive)
            {
                console.Out.WriteLine(stamped);
                return;
            }

            _events.Enqueue(stamped);
            while (_events.Count > RecentEvents)
            {
                _events.Dequeue();
            }
        }
    }

    IRenderable Render()
    {
        lock (_gate)
        {
            var rows = new List<IRenderable>();
            if (_latest is not { } progress)
            {
                rows.Add(new Markup($"[bold]{Markup.Escape(loop.Name)}[/]: reading the loop's jobs from the hub…"));
                return new Rows(rows);
            }

            rows.Add(new Markup($"[bold]{Markup.Escape(loop.Name)}[/] · {Markup.Escape(LoopText.Status(loop, progress))}"));
            if (progress.Active.Count > 0)
            {
                var table = new Table { Border = TableBorder.Rounded };
                foreach (var header in new[] { "#", "CONDITIONS", "STEP", "JOB", "STATE", "PROGRESS" })
                {
                    table.AddColumn(header);
                }

                foreach (var experiment in progress.Active)
                {
                    var state = experiment.State is null ? "" : experiment.Stage is { Length: > 0 } stage ? $"{experiment.State} · {stage}" : experiment.State;
                    Tables.AddRow(table, experiment.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), LoopText.Point(loop, experiment.Point),
                        experiment.Step, experiment.JobId, state, Formats.Percent(experiment.Progress));
                }

                rows.Add(table);
            }

            foreach (var waiting in progress.Waiting)
            {
                rows.Add(new Markup($"[yellow]{Markup.Escape($"{waiting.JobId} (experiment {waiting.Experiment}, {waiting.Step}) {WaitingText.For(waiting)}")}[/]"));
            }

            foreach (var line in _events)
            {
                rows.Add(new Markup($"[grey]{Markup.Escape(line)}[/]"));
            }

            return new Rows(rows);
        }
    }
}
