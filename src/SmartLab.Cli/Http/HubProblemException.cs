using SmartLab.Cli.Internal;

namespace SmartLab.Cli.Http;

/// <summary>The hub answered with an error; the message is the problem's one-line form, one more line per further problem listed.</summary>
internal sealed class HubProblemException(HubProblem problem)
    : CliException(string.Join("\nerror: ", problem.FormatAll()), ExitCodes.Failed)
{
    /// <summary>The problem as the hub sent it, for callers that act on its <c>code</c>.</summary>
    public HubProblem Problem { get; } = problem;
}
