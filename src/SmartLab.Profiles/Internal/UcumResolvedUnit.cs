namespace SmartLab.Profiles.Internal;

/// <summary>
/// What a unit expression means in base units: a value x in it is x · <see cref="UcumProduct.Factor"/> of
/// <see cref="Ratio"/> plus <see cref="Offset"/>. The offset is zero except for a lone temperature scale (Cel is 1 K with
/// offset 273.15 K).
/// </summary>
/// <param name="Ratio">The factor and base-unit powers.</param>
/// <param name="Offset">Added after scaling, in the base units of <paramref name="Ratio"/>.</param>
/// <param name="NonRatioAtom">
/// Set for a lone special unit whose scale the hub does not compute (logarithmic ones such as [pH] or B[V]): such a unit
/// converts only to itself.
/// </param>
internal sealed record UcumResolvedUnit(UcumProduct Ratio, UcumRational Offset, string? NonRatioAtom);
