namespace SmartLab.Loop.Optimization.Internal;

/// <summary>
/// Initial designs that spread a few experiments over every dimension at once: each dimension's range is cut
/// into as many strata as there are points and every stratum gets exactly one point.
/// </summary>
internal static class LatinHypercube
{
    public static IReadOnlyList<Point> Design(SearchSpace space, int count, Random random)
    {
        var dimensions = space.Dimensions.Count;
        var unit = new double[count, dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            var strata = Enumerable.Range(0, count).ToArray();
            random.Shuffle(strata);
            for (var i = 0; i < count; i++)
            {
                unit[i, d] = (strata[i] + random.NextDouble()) / count;
            }
        }

        var design = new List<Point>(count);
        var row = new double[dimensions];
        for (var i = 0; i < count; i++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                row[d] = unit[i, d];
            }

            var point = space.FromUnit(row);

            // A design point the constraint forbids is replaced by a random allowed one rather than dropped,
            // so the initial phase keeps its length.
            design.Add(space.Allows(point) ? point : space.Sample(random));
        }

        return design;
    }
}
