namespace SmartLab.Simulators.Internal;

/// <summary>Thread-safe random numbers for the simulators: uniform, Gaussian and Poisson.</summary>
sealed class Noise(int? seed)
{
    readonly Lock _gate = new();
    readonly Random _random = seed is { } s ? new Random(s) : new Random();

    public double Uniform()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>Normal deviate with mean 0 and the given standard deviation (Box-Muller).</summary>
    public double Gaussian(double sigma = 1)
    {
        lock (_gate)
        {
            return GaussianLocked() * sigma;
        }
    }

    /// <summary>Poisson-distributed count with the given mean: exact for small means, normal approximation above 30.</summary>
    public long Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        lock (_gate)
        {
            if (mean > 30)
            {
                return Math.Max(0, (long)Math.Round(mean + (Math.Sqrt(mean) * GaussianLocked())));
            }

            // Knuth: multiply uniforms until the product drops below e^-mean.
            var limit = Math.Exp(-mean);
            long k = 0;
            var product = _random.NextDouble();
            while (product > limit)
            {
                k++;
                product *= _random.NextDouble();
            }

            return k;
        }
    }

    double GaussianLocked()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
