namespace SmartLab.Loop.Optimization;

/// <summary>
/// Hyperparameters of the Matérn 5/2 ARD kernel of a <see cref="GaussianProcess"/>. Length scales are in
/// encoded unit-cube units (one per encoded column); the variances are in units of the standardised
/// objective (the objective minus its mean, divided by its standard deviation).
/// </summary>
public sealed record KernelHyperparameters
{
    /// <summary>Creates a hyperparameter set; length scales and signal variance must be positive, noise variance non-negative.</summary>
    public KernelHyperparameters(IReadOnlyList<double> lengthScales, double signalVariance, double noiseVariance)
    {
        ArgumentNullException.ThrowIfNull(lengthScales);
        if (lengthScales.Count == 0 || lengthScales.Any(l => !(l > 0) || !double.IsFinite(l)))
        {
            throw new ArgumentException("Length scales must be finite and positive, one per encoded column.", nameof(lengthScales));
        }

        if (!(signalVariance > 0) || !double.IsFinite(signalVariance))
        {
            throw new ArgumentOutOfRangeException(nameof(signalVariance), signalVariance, "Signal variance must be finite and positive.");
        }

        if (!(noiseVariance >= 0) || !double.IsFinite(noiseVariance))
        {
            throw new ArgumentOutOfRangeException(nameof(noiseVariance), noiseVariance, "Noise variance must be finite and non-negative.");
        }

        LengthScales = [.. lengthScales];
        SignalVariance = signalVariance;
        NoiseVariance = noiseVariance;
    }

    /// <summary>Length scale of each encoded column, in unit-cube units.</summary>
    public IReadOnlyList<double> LengthScales { get; }

    /// <summary>Prior variance of the standardised objective (σ² of the kernel).</summary>
    public double SignalVariance { get; }

    /// <summary>Variance of the measurement noise on the standardised objective.</summary>
    public double NoiseVariance { get; }

    /// <summary>
    /// The first starting point of the likelihood maximisation: length scale 0.5 in every column
    /// (half the range), signal variance 1 (the standardised objective's variance) and noise variance 1e-3.
    /// </summary>
    public static KernelHyperparameters Default(int encodedColumns) =>
        new(Enumerable.Repeat(0.5, encodedColumns).ToArray(), 1.0, 1e-3);

    /// <inheritdoc />
    public bool Equals(KernelHyperparameters? other) =>
        other is not null
        && LengthScales.SequenceEqual(other.LengthScales)
        && SignalVariance.Equals(other.SignalVariance)
        && NoiseVariance.Equals(other.NoiseVariance);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(LengthScales.Count, LengthScales[0], SignalVariance, NoiseVariance);

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"ℓ=[{string.Join(", ", LengthScales.Select(l => l.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}], σ²={SignalVariance:G4}, noise={NoiseVariance:G4}");
}
