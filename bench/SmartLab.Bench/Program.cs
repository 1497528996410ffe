using SmartLab.Bench.Cli;
using Spectre.Console;

// Redirected to a file or CI log: tables at full width instead of wrapped at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 200;
}

return await BenchCli.Build().Parse(args).InvokeAsync();
