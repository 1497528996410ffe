using SmartLab.Cli.Internal;

namespace SmartLab.Cli.Http;

/// <summary>The hub answered with an error; the message is the problem's one-line form, one more line per further problem listed.</summary>
internal sealed class HubProblemException(HubProblem problem)
    : CliException(string.Join("\nerror: ", problem.FormatAll()), ExitCodes.Failed);
