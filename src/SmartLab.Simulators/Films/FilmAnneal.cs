namespace SmartLab.Simulators.Films;

/// <summary>One completed anneal of a simulated film, as the furnace that ran it recorded it.</summary>
/// <param name="SampleId">The hub's sample id the anneal job named.</param>
/// <param name="PeakTemperatureCelsius">Highest work-tube temperature logged during the run, °C: what the film saw.</param>
/// <param name="HoldTemperatureCelsius">Hold temperature the job asked for, °C.</param>
/// <param name="DwellMinutes">Hold time at temperature, min.</param>
/// <param name="Atmosphere">Gas in the tube: <c>air</c>, <c>N2</c>, <c>Ar</c> or <c>forming-gas</c>.</param>
/// <param name="InstrumentId">The furnace that ran it.</param>
/// <param name="JobId">The anneal job.</param>
/// <param name="CompletedAt">When the run ended (UTC), on the furnace's clock.</param>
public sealed record FilmAnneal(
    string SampleId,
    double PeakTemperatureCelsius,
    double HoldTemperatureCelsius,
    double DwellMinutes,
    string Atmosphere,
    string InstrumentId,
    string JobId,
    DateTimeOffset CompletedAt)
{
    /// <summary>Expected sheet resistance of the film after this anneal, Ω/□ (<see cref="FilmResponse.Expected"/> at the peak temperature).</summary>
    public double ExpectedSheetResistance => FilmResponse.Expected(PeakTemperatureCelsius, DwellMinutes, Atmosphere);
}
