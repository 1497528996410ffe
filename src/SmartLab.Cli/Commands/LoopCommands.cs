using System.CommandLine;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Loop;
using SmartLab.Cli.Output;
using SmartLab.Loop.Runner;

namespace SmartLab.Cli.Commands;

/// <summary><c>smartlab loop …</c>: closed-loop experiments (propose, run on the instruments, learn, propose again).</summary>
internal static class LoopCommands
{
    public static Command Create(CliContext context)
    {
        var loop = new Command("loop", "closed-loop experiments: an optimizer proposes conditions, the hub's instruments run them, the results steer the next proposals");
        loop.Subcommands.Add(Run(context));
        return loop;
    }

    static Command Run(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "the loop file (YAML), for example docs/examples/loops/anneal-sheet-resistance.yaml" };
        var plot = new Option<string?>("--plot")
        {
            Description = "when the loop ends, write its convergence plot (each value and the best so far, against experiments) to this PNG file",
            HelpName = "convergence.png",
        };
        var compare = new Option<string?>("--compare")
        {
            Description = "run reference loops with these other optimizers beside it (same file, seed and budget; they use the same instruments), "
                + "for the plot: for example random,grid; `none` for none. Default: the file's `compare:`",
            HelpName = "random,grid",
        };
        var command = new Command("run", "run a loop to its budget; stopped (Ctrl+C) or crashed, the same command resumes it from the hub's records")
        {
            file, plot, compare,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var definition = Load(parse.GetValue(file)!);
            if (parse.GetValue(compare) is { } list)
            {
                definition = definition with { Compare = CheckCompare(list, definition) };
            }

            var plotPath = parse.GetValue(plot) is { } path ? CheckPlotPath(path) : null;
            using var hub = connect().ForLoop();
            var runner = new LoopRunner(definition, hub);
            var view = new LoopProgressView(context.Console, context.Time, definition);
            using var stopReferences = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var references = definition.Compare.Select(o => new ReferenceLoop(definition.ComparisonFor(o), hub, stopReferences.Token)).ToList();
            LoopResult? result = null;
            try
            {
                result = await view.ShowAsync(progress => runner.RunAsync(progress, cancellationToken));
            }
            catch (LoopHubException e)
            {
                throw new CliException(e.Message, e.Unreachable ? ExitCodes.Unreachable : ExitCodes.Failed, e);
            }
            catch (LoopRunException e)
            {
                throw new CliException(e.Message, ExitCodes.Failed, e);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Console.Error.WriteLine($"loop {definition.Name} stopped; its submitted jobs go on in the hub. Run the same command again to resume.");
                throw;
            }
            finally
            {
                if (result is null)
                {
                    // The main loop failed or was stopped: its references are no use on their own.
                    await stopReferences.CancelAsync().ConfigureAwait(false);
                }
                else if (references.Any(r => !r.Completion.IsCompleted))
                {
                    context.Console.Out.WriteLine("waiting for the reference loops: " + string.Join(", ", references.Select(r => r.Describe())));
                }

                await Task.WhenAll(references.Select(r => r.Completion)).ConfigureAwait(false);
            }

            LoopResultTable.Write(context.Console, definition, result!);
            foreach (var reference in references)
            {
                context.Console.Out.WriteLine(reference.Summary(definition));
            }

            if (plotPath is not null)
            {
                var png = ConvergencePlot.Render(definition, result!,
                    references.Where(r => r.Result is not null).Select(r => (r.Loop.Optimizer, r.Result!)).ToList(), out var withText);
                await AtomicFile.WriteAsync(plotPath, png, CancellationToken.None);
                context.Console.Out.WriteLine($"convergence plot: {plotPath}");
                if (!withText)
                {
                    context.Console.Error.WriteLine("warning: no font file found for the plot's labels (install a font package such as Debian's fonts-dejavu-core)");
                }
            }

            return result!.Ended == LoopEnd.TooManyFailures ? ExitCodes.Failed : ExitCodes.Success;
        }));
        return command;
    }

    static LoopDefinition Load(string path)
    {
        try
        {
            return LoopDefinition.Load(path);
        }
        catch (LoopDefinitionException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    /// <summary><c>--compare</c>: optimizer names separated by commas, or <c>none</c>.</summary>
    static IReadOnlyList<string> CheckCompare(string list, LoopDefinition definition)
    {
        if (list.Trim() == "none")
        {
            return [];
        }

        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var name in names)
        {
            if (!LoopDefinition.Optimizers.Contains(name))
            {
                throw new UsageException($"--compare: `{name}` is not an optimizer ({string.Join(", ", LoopDefinition.Optimizers)}; or none)");
            }

            if (name == definition.Optimizer)
            {
                throw new UsageException($"--compare: `{name}` is the loop's own optimizer; list the others to compare it with");
            }
        }

        if (names.Count == 0 || names.Distinct().Count() != names.Count)
        {
            throw new UsageException("--compare: give each optimizer once, separated by commas (for example random,grid), or none");
        }

        return names;
    }

    /// <summary>Checked before the loop runs: a plot that cannot be written should not surface after hours of experiments.</summary>
    static string CheckPlotPath(string path)
    {
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--plot writes a PNG file; give it a name ending in .png (not `{path}`)");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new UsageException($"--plot: folder `{folder}` does not exist");
        }

        return path;
    }
}
