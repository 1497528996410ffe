namespace SmartLab.Domain.Jobs;

/// <summary>Priority classes: a higher class is always dispatched first; fair share applies within a class.</summary>
public static class JobPriorities
{
    public const string Low = "low";
    public const string Normal = "normal";
    public const string High = "high";

    public static readonly IReadOnlyList<string> All = [Low, Normal, High];

    public static bool IsKnown(string? priority) => priority is Low or Normal or High;

    /// <summary>Sort weight: larger runs earlier.</summary>
    public static int Rank(string priority) => priority switch
    {
        High => 2,
        Normal => 1,
        _ => 0,
    };
}
