using System.Xml.Linq;

namespace SmartLab.Profiles.Internal;

/// <summary>One UCUM unit atom: whether it takes prefixes (kV, mL) and whether it is a special, non-ratio scale (Cel).</summary>
internal readonly record struct UcumAtom(string Code, bool IsMetric, bool IsSpecial);

/// <summary>
/// UCUM's prefixes and unit atoms, read from the UCUM essence file (<c>ucum-essence.xml</c>) that the Fhir.Metrics
/// package ships. Only the data is used: the package's own parser builds number formats for the en-US culture,
/// which does not exist in this solution's invariant-globalization builds.
/// </summary>
internal sealed class UcumTables
{
    const string ResourceName = "Fhir.Metrics.Data.ucum-essence.xml";

    static readonly Lazy<UcumTables> Shared = new(Load);

    readonly Dictionary<string, UcumAtom> atoms;

    UcumTables(
        IReadOnlyList<string> prefixes,
        Dictionary<string, UcumAtom> atoms,
        IReadOnlyDictionary<string, string> prefixValues,
        IReadOnlyList<string> baseUnits,
        IReadOnlyDictionary<string, UcumDefinition> definitions)
    {
        // Longest first, so "da" (deka) is tried before "d" (deci).
        Prefixes = [.. prefixes.OrderByDescending(p => p.Length)];
        this.atoms = atoms;
        PrefixValues = prefixValues;
        BaseUnits = baseUnits;
        Definitions = definitions;
    }

    public static UcumTables Instance => Shared.Value;

    public IReadOnlyList<string> Prefixes { get; }

    /// <summary>Each prefix's value as the essence file writes it, a decimal such as <c>1e-3</c> for m.</summary>
    public IReadOnlyDictionary<string, string> PrefixValues { get; }

    /// <summary>The base units (m, s, g, rad, K, C, cd) in the file's order: the axes of every dimension.</summary>
    public IReadOnlyList<string> BaseUnits { get; }

    /// <summary>How each non-base atom is defined in terms of other units, by atom code.</summary>
    public IReadOnlyDictionary<string, UcumDefinition> Definitions { get; }

    /// <summary>Finds a possibly prefixed atom such as <c>mL</c> or <c>Cel</c>; null when UCUM has no such unit.</summary>
    public UcumAtom? Find(string symbol) => TryFind(symbol, out _, out var atom) ? atom : null;

    /// <summary>Splits a possibly prefixed atom into its prefix (empty when none) and unit: <c>mL</c> gives m and L.</summary>
    public bool TryFind(string symbol, out string prefix, out UcumAtom atom)
    {
        if (atoms.TryGetValue(symbol, out atom))
        {
            prefix = "";
            return true;
        }

        foreach (var candidate in Prefixes)
        {
            if (symbol.Length > candidate.Length && symbol.StartsWith(candidate, StringComparison.Ordinal)
                && atoms.TryGetValue(symbol[candidate.Length..], out atom) && atom.IsMetric)
            {
                prefix = candidate;
                return true;
            }
        }

        prefix = "";
        atom = default;
        return false;
    }

    static UcumTables Load()
    {
        using var stream = typeof(Fhir.Metrics.UCUM).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The UCUM essence resource {ResourceName} is missing from Fhir.Metrics.");
        var root = XDocument.Load(stream).Root ?? throw new InvalidOperationException("The UCUM essence file is empty.");

        var prefixes = root.Elements("prefix").Select(e => (string)e.Attribute("Code")!).ToList();
        var prefixValues = root.Elements("prefix").ToDictionary(
            e => (string)e.Attribute("Code")!, e => (string)e.Element("value")!.Attribute("value")!, StringComparer.Ordinal);
        var baseUnits = new List<string>();
        var atoms = new Dictionary<string, UcumAtom>(StringComparer.Ordinal);
        foreach (var baseUnit in root.Elements("base-unit"))
        {
            var code = (string)baseUnit.Attribute("Code")!;
            atoms[code] = new(code, IsMetric: true, IsSpecial: false);
            baseUnits.Add(code);
        }

        var definitions = new Dictionary<string, UcumDefinition>(StringComparer.Ordinal);
        foreach (var unit in root.Elements("unit"))
        {
            var code = (string)unit.Attribute("Code")!;
            atoms[code] = new(code, Yes(unit, "isMetric"), Yes(unit, "isSpecial"));
            if (unit.Element("value") is { } value)
            {
                var function = value.Element("function");
                definitions[code] = new(
                    (string?)value.Attribute("Unit") ?? "1",
                    (string?)value.Attribute("value") ?? "1",
                    (string?)function?.Attribute("name"),
                    (string?)function?.Attribute("value"),
                    (string?)function?.Attribute("Unit"));
            }
        }

        return new(prefixes, atoms, prefixValues, baseUnits, definitions);
    }

    static bool Yes(XElement element, string attribute) => (string?)element.Attribute(attribute) == "yes";
}
