namespace SmartLab.Simulators.Internal;

/// <summary>Moves a value toward a target at a bounded rate: generators, stages, monochromators, setpoint ramps.</summary>
static class Ramp
{
    public static double Toward(double value, double target, double ratePerSecond, double seconds)
    {
        var step = ratePerSecond * seconds;
        return Math.Abs(target - value) <= step ? target : value + (Math.Sign(target - value) * step);
    }

    /// <summary>First-order approach: exact solution of dx/dt = (target − x)/τ over <paramref name="seconds"/>.</summary>
    public static double FirstOrder(double value, double target, double timeConstantSeconds, double seconds) =>
        target + ((value - target) * Math.Exp(-seconds / timeConstantSeconds));
}
