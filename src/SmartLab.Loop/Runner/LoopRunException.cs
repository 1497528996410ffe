namespace SmartLab.Loop.Runner;

/// <summary>
/// The loop cannot go on as its file describes it: the objective's output is not in the measurement, the hub's records
/// of this loop do not match the file (a step was renamed), or the optimizer's points do not fit the space. Jobs already
/// submitted keep running in the hub; fix the file and run the loop again to pick them up.
/// </summary>
public sealed class LoopRunException : Exception
{
    public LoopRunException()
    {
    }

    public LoopRunException(string message)
        : base(message)
    {
    }

    public LoopRunException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
