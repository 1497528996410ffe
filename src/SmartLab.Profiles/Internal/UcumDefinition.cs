namespace SmartLab.Profiles.Internal;

/// <summary>
/// How the UCUM essence file defines one unit atom: <see cref="Value"/> × <see cref="Unit"/> (h = 60 min). A special
/// unit (Cel, [degF], [pH]) instead names the function that maps its scale onto <see cref="FunctionValue"/> ×
/// <see cref="FunctionUnit"/> (Cel onto 1 K); the file carries the function's name, not its formula.
/// </summary>
internal sealed record UcumDefinition(string Unit, string Value, string? FunctionName, string? FunctionValue, string? FunctionUnit);
