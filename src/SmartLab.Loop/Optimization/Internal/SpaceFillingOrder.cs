namespace SmartLab.Loop.Optimization.Internal;

/// <summary>
/// Greedy maximin ordering: start at the point nearest the centre, then repeatedly take the point farthest from
/// all points taken so far (lowest index on ties). Every prefix of the order is spread over the whole space.
/// </summary>
internal static class SpaceFillingOrder
{
    public static IReadOnlyList<Point> Arrange(SearchSpace space, IReadOnlyList<Point> points)
    {
        if (points.Count == 0)
        {
            return points;
        }

        var encoded = points.Select(p => Scale(space, space.EncodeCanonical(p))).ToArray();
        var centre = new double[space.EncodedLength];
        foreach (var x in encoded)
        {
            for (var j = 0; j < centre.Length; j++)
            {
                centre[j] += x[j] / encoded.Length;
            }
        }

        var nearest = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            nearest[i] = -SquaredDistance(encoded[i], centre); // negated: the first pick maximises closeness to the centre
        }

        var order = new List<Point>(points.Count);
        var used = new bool[points.Count];
        for (var step = 0; step < points.Count; step++)
        {
            var pick = -1;
            for (var i = 0; i < points.Count; i++)
            {
                if (!used[i] && (pick < 0 || nearest[i] > nearest[pick] + 1e-12))
                {
                    pick = i;
                }
            }

            used[pick] = true;
            order.Add(points[pick]);
            for (var i = 0; i < points.Count; i++)
            {
                if (!used[i])
                {
                    var d = SquaredDistance(encoded[i], encoded[pick]);
                    nearest[i] = step == 0 ? d : Math.Min(nearest[i], d);
                }
            }
        }

        return order;
    }

    // One-hot columns are scaled so that two different categories are at distance 1, like the ends of a numeric range.
    private static double[] Scale(SearchSpace space, double[] encoded)
    {
        var numeric = new HashSet<int>(space.NumericColumns);
        for (var j = 0; j < encoded.Length; j++)
        {
            if (!numeric.Contains(j))
            {
                encoded[j] *= Math.Sqrt(0.5);
            }
        }

        return encoded;
    }

    private static double SquaredDistance(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            var d = a[j] - b[j];
            sum += d * d;
        }

        return sum;
    }
}
