namespace SmartLab.Domain.Jobs;

/// <summary>One step in a job's stored history.</summary>
public sealed class JobTransition
{
    public DateTimeOffset At { get; set; }
    public string? From { get; set; }
    public string To { get; set; } = "";

    /// <summary><c>user:alice</c>, <c>staff:tanaka</c>, <c>hub</c> (the scheduler) or <c>instrument:xrd-01</c>.</summary>
    public string Actor { get; set; } = "";
    public string? OnBehalfOf { get; set; }
    public string? Reason { get; set; }
    public int Attempt { get; set; }
}
