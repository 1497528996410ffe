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

    UcumTables(IReadOnlyList<string> prefixes, Dictionary<string, UcumAtom> atoms)
    {
        // Longest first, so "da" (deka) is tried before "d" (deci).
        Prefixes = [.. prefixes.OrderByDescending(p => p.Length)];
        this.atoms = atoms;
    }

    public static UcumTables Instance => Shared.Value;

    public IReadOnlyList<string> Prefixes { get; }

    /// <summary>Finds a possibly prefixed atom such as <c>mL</c> or <c>Cel</c>; null when UCUM has no such unit.</summary>
    public UcumAtom? Find(string symbol)
    {
        if (atoms.TryGetValue(symbol, out var exact))
        {
            return exact;
        }

        foreach (var prefix in Prefixes)
        {
            if (symbol.Length > prefix.Length && symbol.StartsWith(prefix, StringComparison.Ordinal)
                && atoms.TryGetValue(symbol[prefix.Length..], out var unit) && unit.IsMetric)
            {
                return unit;
            }
        }

        return null;
    }

    static UcumTables Load()
    {
        using var stream = typeof(Fhir.Metrics.UCUM).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The UCUM essence resource {ResourceName} is missing from Fhir.Metrics.");
        var root = XDocument.Load(stream).Root ?? throw new InvalidOperationException("The UCUM essence file is empty.");

        var prefixes = root.Elements("prefix").Select(e => (string)e.Attribute("Code")!).ToList();
        var atoms = new Dictionary<string, UcumAtom>(StringComparer.Ordinal);
        foreach (var baseUnit in root.Elements("base-unit"))
        {
            var code = (string)baseUnit.Attribute("Code")!;
            atoms[code] = new(code, IsMetric: true, IsSpecial: false);
        }

        foreach (var unit in root.Elements("unit"))
        {
            var code = (string)unit.Attribute("Code")!;
            atoms[code] = new(code, Yes(unit, "isMetric"), Yes(unit, "isSpecial"));
        }

        return new(prefixes, atoms);
    }

    static bool Yes(XElement element, string attribute) => (string?)element.Attribute(attribute) == "yes";
}
