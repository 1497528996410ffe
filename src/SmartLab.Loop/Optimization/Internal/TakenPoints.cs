namespace SmartLab.Loop.Optimization.Internal;

/// <summary>The points an optimizer must not propose again: observed and still-running ones.</summary>
internal static class TakenPoints
{
    public static HashSet<Point> Of(SearchSpace space, IReadOnlyList<Observation> observed, IReadOnlyList<Point> pending)
    {
        var taken = new HashSet<Point>();
        foreach (var observation in observed)
        {
            taken.Add(space.Canonical(observation.Point));
        }

        foreach (var point in pending)
        {
            taken.Add(space.Canonical(point));
        }

        return taken;
    }
}
