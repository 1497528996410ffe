using SmartLab.Agent.Parameters;

namespace SmartLab.Agent.Commands;

/// <summary>A command request as a handler sees it.</summary>
public sealed class CommandContext
{
    internal CommandContext(string commandId, string name, ParameterSet parameters, string? issuedBy, string? jobId, DateTimeOffset? deadline)
    {
        CommandId = commandId;
        Name = name;
        Parameters = parameters;
        IssuedBy = issuedBy;
        JobId = jobId;
        Deadline = deadline;
    }

    /// <summary>The hub's id of this request; a repeated id is answered from memory without calling the handler again.</summary>
    public string CommandId { get; }

    /// <summary>Command name, as declared in the device profile.</summary>
    public string Name { get; }

    /// <summary>Typed access to the parameters.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Who issued it, for example <c>staff:tanaka</c>.</summary>
    public string? IssuedBy { get; }

    /// <summary>The job the command belongs to, if any.</summary>
    public string? JobId { get; }

    /// <summary>When the hub stops waiting for the reply (UTC), if it said.</summary>
    public DateTimeOffset? Deadline { get; }
}
