namespace SmartLab.Loop.Optimization;

/// <summary>Whether an experiment loop wants its objective as small or as large as possible.</summary>
public enum Goal
{
    /// <summary>Smaller objective values are better (for example sheet resistance).</summary>
    Minimize,

    /// <summary>Larger objective values are better (for example yield or crystallinity).</summary>
    Maximize,
}
