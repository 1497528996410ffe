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
        var command = new Command("run", "run a loop to its budget; stopped (Ctrl+C) or crashed, the same command resumes it from the hub's records")
        {
            file, plot,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var definition = Load(parse.GetValue(file)!);
            var plotPath = parse.GetValue(plot) is { } path ? CheckPlotPath(path) : null;
            using var hub = connect().ForLoop();
            var runner = new LoopRunner(definition, hub);
            var view = new LoopProgressView(context.Console, context.Time, definition);
            LoopResult result;
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

            LoopResultTable.Write(context.Console, definition, result);
            if (plotPath is not null)
            {
                var png = ConvergencePlot.Render(definition, result, out var withText);
                await AtomicFile.WriteAsync(plotPath, png, CancellationToken.None);
                context.Console.Out.WriteLine($"convergence plot: {plotPath}");
                if (!withText)
                {
                    context.Console.Error.WriteLine("warning: no font file found for the plot's labels (install a font package such as Debian's fonts-dejavu-core)");
                }
            }

            return result.Ended == LoopEnd.TooManyFailures ? ExitCodes.Failed : ExitCodes.Success;
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
