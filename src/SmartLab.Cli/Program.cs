using SmartLab.Cli;

// The first Ctrl+C cancels the command cleanly (temporary files removed, exit code 130); a second one ends the process.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};

return await Cli.RunAsync(args, Console.Out, Console.Error, Cli.ProcessEnvironment(), interrupt.Token);
