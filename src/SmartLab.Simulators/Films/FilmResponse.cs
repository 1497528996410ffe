namespace SmartLab.Simulators.Films;

/// <summary>
/// Sheet resistance of the demo's sputtered ITO-like film (In2O3:Sn, about 100 nm on glass) after one anneal: the
/// response surface the closed-loop demo optimises, with a single, known minimum.
/// </summary>
/// <remarks>
/// <para>
/// As deposited the film is amorphous and reads <see cref="AsDepositedResistance"/>. Annealing crystallises it and
/// activates the tin donors, so the resistance falls with thermal budget; past the optimum, grain-boundary oxidation and
/// sodium diffusion from the glass raise it again. Hotter anneals need shorter dwells, so the valley runs diagonally
/// (the cross term). With x = (T − T*) / w_T and y = ln(t / t*) / w_t:
/// </para>
/// <code>
/// R(T, t, atmosphere) = R_min · f(atmosphere) · (1 + a·x² + b·y² + c·x·y)
/// T* = 560 °C, t* = 45 min, R_min = 12 Ω/□, w_T = 160 K, w_t = 1 (e-fold of dwell), a = 0.8, b = 0.45, c = 0.5
/// f(N2) = f(Ar) = 1, f(air) = 1.3 (oxygen fills the vacancies that supply carriers), f(forming-gas) = 0.9
/// </code>
/// <para>
/// The quadratic form is positive definite (c² &lt; 4ab), so in every atmosphere the one minimum lies at (T*, t*),
/// inside the demo search space T ∈ [200, 900] °C, t ∈ [5, 240] min; there R = R_min · f(atmosphere), and
/// <see cref="MinimumResistance"/> is the value in nitrogen, the demo loop's atmosphere. Over that space the surface
/// spans about 12 to 116 Ω/□ in N2; the worst corner is the smallest thermal budget (200 °C, 5 min). The model holds
/// only for one anneal: a film annealed twice reads as its latest anneal.
/// </para>
/// </remarks>
public static class FilmResponse
{
    /// <summary>Anneal temperature T* of the lowest sheet resistance, °C.</summary>
    public const double OptimumTemperature = 560;

    /// <summary>Dwell t* of the lowest sheet resistance, min.</summary>
    public const double OptimumDwell = 45;

    /// <summary>Sheet resistance at (T*, t*) in nitrogen (or argon), Ω/□: the global minimum of the demo loop.</summary>
    public const double MinimumResistance = 12;

    /// <summary>Sheet resistance of a film that was never annealed, Ω/□.</summary>
    public const double AsDepositedResistance = 120;

    /// <summary>Temperature scale w_T of the quadratic, K.</summary>
    public const double TemperatureWidth = 160;

    /// <summary>Dwell scale w_t of the quadratic, in natural-log units of dwell (1 = a factor e).</summary>
    public const double DwellLogWidth = 1;

    const double TemperatureCurvature = 0.8;
    const double DwellCurvature = 0.45;
    const double Coupling = 0.5;

    /// <summary>The atmospheres the model knows, those of the tube furnace: <c>air</c>, <c>N2</c>, <c>Ar</c>, <c>forming-gas</c>.</summary>
    public static IReadOnlyList<string> Atmospheres { get; } = ["air", "N2", "Ar", "forming-gas"];

    /// <summary>
    /// Expected (noise-free) sheet resistance, Ω/□, after an anneal at <paramref name="temperatureC"/> °C held for
    /// <paramref name="dwellMin"/> min in <paramref name="atmosphere"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Temperature not finite, or dwell not positive.</exception>
    /// <exception cref="ArgumentException">An atmosphere other than those in <see cref="Atmospheres"/>.</exception>
    public static double Expected(double temperatureC, double dwellMin, string atmosphere)
    {
        if (!double.IsFinite(temperatureC))
        {
            throw new ArgumentOutOfRangeException(nameof(temperatureC), temperatureC, "the anneal temperature must be a finite number of °C");
        }

        if (!double.IsFinite(dwellMin) || dwellMin <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dwellMin), dwellMin, "the dwell must be a positive number of minutes");
        }

        var x = (temperatureC - OptimumTemperature) / TemperatureWidth;
        var y = Math.Log(dwellMin / OptimumDwell) / DwellLogWidth;
        var bowl = 1 + (TemperatureCurvature * x * x) + (DwellCurvature * y * y) + (Coupling * x * y);
        return MinimumResistance * AtmosphereFactor(atmosphere) * bowl;
    }

    /// <summary>
    /// Multiplier of the whole surface for an anneal atmosphere: 1 in N2 and Ar, 1.3 in air, 0.9 in forming gas. It
    /// scales the surface without moving its minimum.
    /// </summary>
    /// <exception cref="ArgumentException">An atmosphere other than those in <see cref="Atmospheres"/>.</exception>
    public static double AtmosphereFactor(string atmosphere) => atmosphere switch
    {
        "N2" or "Ar" => 1,
        "air" => 1.3,
        "forming-gas" => 0.9,
        _ => throw new ArgumentException(
            $"the film model knows the atmospheres {string.Join(", ", Atmospheres)}, not '{atmosphere}'", nameof(atmosphere)),
    };
}
