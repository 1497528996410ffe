namespace SmartLab.Loop.Optimization.Internal;

/// <summary>
/// Derivative-free local refinement of a candidate: try a step up and down along each numeric encoded column,
/// keep the first improvement, halve the step when none helps. Categorical columns stay as they are;
/// integer columns move once the step is large enough to reach the next integer.
/// </summary>
internal static class CompassSearch
{
    private const double InitialStep = 0.05;
    private const double FinalStep = 1e-3;

    /// <param name="space">The space; moves are decoded to its points, so they are always valid values.</param>
    /// <param name="start">Starting point (canonical).</param>
    /// <param name="startScore">Score of <paramref name="start"/>.</param>
    /// <param name="score">Higher is better; −∞ for points that may not be proposed.</param>
    /// <param name="maxEvaluations">Evaluation budget.</param>
    public static (Point Point, double Score) Maximise(SearchSpace space, Point start, double startScore, Func<Point, double> score, int maxEvaluations)
    {
        var x = space.EncodeCanonical(start);
        var best = (Point: start, Score: startScore);
        var step = InitialStep;
        var evaluations = 0;
        while (step >= FinalStep && evaluations < maxEvaluations)
        {
            var improved = false;
            foreach (var column in space.NumericColumns)
            {
                foreach (var direction in (ReadOnlySpan<double>)[1.0, -1.0])
                {
                    var trial = (double[])x.Clone();
                    trial[column] = Math.Clamp(trial[column] + (direction * step), 0, 1);
                    if (trial[column] == x[column])
                    {
                        continue;
                    }

                    var point = space.Decode(trial);
                    var value = score(point);
                    evaluations++;
                    if (value > best.Score)
                    {
                        best = (point, value);
                        x = trial;
                        improved = true;
                        break;
                    }
                }
            }

            if (!improved)
            {
                step /= 2;
            }
        }

        return best;
    }
}
