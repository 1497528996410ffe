using SmartLab.Simulators.Internal;

namespace SmartLab.Simulators.Furnace;

/// <summary>
/// Thermal model of a single-zone tube furnace. The controller setpoint ramps toward the target at the ramp rate; the
/// work tube follows the setpoint with a first-order lag (time constant τ for heating, a slower one for passive cooling,
/// never below ambient). Heater power is the share needed to hold the temperature plus a proportional term.
/// </summary>
public sealed class FurnaceThermalModel
{
    const double MaxStepSeconds = 1;
    const double FullPowerHoldCelsius = 1350;
    const double ProportionalGainPercentPerKelvin = 2;

    /// <summary>Creates a furnace at ambient temperature.</summary>
    public FurnaceThermalModel(double ambientCelsius = 22, double heatingTimeConstantSeconds = 120, double coolingTimeConstantSeconds = 300)
    {
        AmbientCelsius = ambientCelsius;
        HeatingTimeConstantSeconds = heatingTimeConstantSeconds;
        CoolingTimeConstantSeconds = coolingTimeConstantSeconds;
        Temperature = Setpoint = Target = ambientCelsius;
    }

    /// <summary>Room temperature, °C.</summary>
    public double AmbientCelsius { get; }

    /// <summary>Time constant τ of the lag while heating, s.</summary>
    public double HeatingTimeConstantSeconds { get; }

    /// <summary>Time constant of passive cooling, s.</summary>
    public double CoolingTimeConstantSeconds { get; }

    /// <summary>Work-tube temperature, °C.</summary>
    public double Temperature { get; private set; }

    /// <summary>Controller setpoint, °C: moves toward <see cref="Target"/> at <see cref="RampRate"/>.</summary>
    public double Setpoint { get; private set; }

    /// <summary>Where the ramp ends, °C.</summary>
    public double Target { get; private set; }

    /// <summary>Ramp rate, K/min.</summary>
    public double RampRate { get; private set; } = 10;

    /// <summary>False after an emergency stop until the next <see cref="SetTarget"/>.</summary>
    public bool HeaterEnabled { get; private set; } = true;

    /// <summary>Lid closed and latched; heating is interlocked on it.</summary>
    public bool DoorClosed { get; set; } = true;

    /// <summary>Controller output, % of full power.</summary>
    public double HeaterPower { get; private set; }

    /// <summary>Starts a ramp from the present temperature to <paramref name="target"/> at <paramref name="rampRate"/> K/min.</summary>
    public void SetTarget(double target, double rampRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rampRate);
        Target = target;
        RampRate = rampRate;
        Setpoint = Temperature;
        HeaterEnabled = true;
    }

    /// <summary>Cuts the heater: the furnace cools passively until a new target is set.</summary>
    public void CutHeater()
    {
        HeaterEnabled = false;
        Target = Setpoint = AmbientCelsius;
    }

    /// <summary>Advances the model by <paramref name="seconds"/>.</summary>
    public void Advance(double seconds)
    {
        while (seconds > 0)
        {
            var h = Math.Min(seconds, MaxStepSeconds);
            seconds -= h;
            Setpoint = Ramp.Toward(Setpoint, Target, RampRate / 60, h);
            var heating = HeaterEnabled && DoorClosed;
            var goal = heating ? Setpoint : AmbientCelsius;
            Temperature = goal >= Temperature
                ? Ramp.FirstOrder(Temperature, goal, HeatingTimeConstantSeconds, h)
                : Ramp.FirstOrder(Temperature, Math.Max(goal, AmbientCelsius), CoolingTimeConstantSeconds, h);
            HeaterPower = heating
                ? Math.Clamp((100 * (Temperature - AmbientCelsius) / (FullPowerHoldCelsius - AmbientCelsius))
                    + (ProportionalGainPercentPerKelvin * (Setpoint - Temperature)), 0, 100)
                : 0;
        }
    }
}
