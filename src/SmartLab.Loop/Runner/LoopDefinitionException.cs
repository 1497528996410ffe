namespace SmartLab.Loop.Runner;

/// <summary>
/// A loop file that cannot be run: the message reads <c>file:line: problem</c>, so an editor can jump to the line and
/// the scientist can fix it without reading code.
/// </summary>
public sealed class LoopDefinitionException : Exception
{
    public LoopDefinitionException()
    {
    }

    public LoopDefinitionException(string message)
        : base(message)
    {
        Problem = message;
    }

    public LoopDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    /// <summary>Creates the exception for a problem at a line of a file.</summary>
    public LoopDefinitionException(string file, int line, string problem, Exception? innerException = null)
        : base($"{file}:{line}: {problem}", innerException)
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The loop file, as it was named when loading it.</summary>
    public string? File { get; }

    /// <summary>1-based line of the problem (0 when it concerns the whole file).</summary>
    public int Line { get; }

    /// <summary>The problem without its location.</summary>
    public string Problem { get; } = "";
}
