using System.Text.Json;
using SmartLab.Domain.Profiles;

namespace SmartLab.Profiles.Internal;

/// <summary>What reading one profile produced: the profile when it is sound, where its nodes are, and its problems in file order.</summary>
internal sealed record ProfileReadResult(DeviceProfile? Profile, SourceMap Map, IReadOnlyList<ProfileProblem> Problems);

/// <summary>YAML, then the schema, then the semantic rules; later stages run only when the earlier ones found nothing.</summary>
internal static class ProfileReader
{
    public static ProfileReadResult Read(string yaml, string source)
    {
        var read = YamlJsonReader.Read(yaml);
        var found = read.Problems.Select(p => (p.Path, p.Problem)).ToList();
        if (read.Document is not null)
        {
            // A value the YAML reader already refused (an infinite number, a dangling alias) was stored as null;
            // the schema's complaint about that null would only repeat the problem.
            var refused = read.Problems.Where(p => p.Path.Length > 0).Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
            found.AddRange(ProfileSchema.Check(read.Document).Where(p => !refused.Contains(p.Path)));
        }

        if (found.Count > 0 || read.Document is null)
        {
            return new(null, read.Map, Place(found, read.Map, source, read.Problems));
        }

        var profile = ProfileMapper.Map(JsonSerializer.SerializeToElement(read.Document), source);
        var rules = ProfileRules.Check(profile);
        return rules.Count > 0
            ? new(null, read.Map, Place(rules, read.Map, source, []))
            : new(profile, read.Map, []);
    }

    /// <summary>Ties problems to their line and column and puts them in file order, once each.</summary>
    public static List<ProfileProblem> Place(IEnumerable<(string Path, string Problem)> problems, SourceMap map, string source,
        IReadOnlyList<PlacedProblem> alreadyPlaced)
    {
        // Problems found while reading YAML know their own position (a duplicate key points at the second key).
        var exact = alreadyPlaced.Where(p => p.Position is not null).ToDictionary(p => (p.Path, p.Problem), p => p.Position);
        return problems
            .Distinct()
            .Select(p =>
            {
                var position = exact.TryGetValue(p, out var known) ? known : map.Find(p.Path);
                return new ProfileProblem(source, position?.Line, position?.Column, p.Path, p.Problem);
            })
            .OrderBy(p => p.Line ?? 0)
            .ThenBy(p => p.Column ?? 0)
            .ToList();
    }
}
