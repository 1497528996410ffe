namespace SmartLab.Profiles.Internal;

/// <summary>
/// One power in a flattened UCUM expression: a prefixed unit atom (<c>mL</c>, <c>10*</c>) or an integer (<c>9</c> in
/// <c>g/9/km</c>), raised to <paramref name="Exponent"/>, which already includes any division.
/// </summary>
internal readonly record struct UcumFactor(string Symbol, int Exponent, bool IsNumber);
