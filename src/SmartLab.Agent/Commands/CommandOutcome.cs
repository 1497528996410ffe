namespace SmartLab.Agent.Commands;

/// <summary>How a command ended; sent as the reply's <c>status</c>.</summary>
public enum CommandOutcome
{
    /// <summary>The action was carried out (<c>completed</c>).</summary>
    Completed,

    /// <summary>The request was refused and nothing was done (<c>rejected</c>): unknown command, bad parameter, unsafe now, deadline passed.</summary>
    Rejected,

    /// <summary>The action was tried and went wrong (<c>failed</c>).</summary>
    Failed,
}
