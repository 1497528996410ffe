using System.Text.Json.Nodes;

using SmartLab.Export.Tests.Infrastructure;

namespace SmartLab.Export.Tests.RoCrate;

/// <summary>The RO-Crate 1.1 rules a crate must meet, checked on its metadata file and its zip entries.</summary>
public static class RoCrateChecks
{
    public static Dictionary<string, JsonObject> Check(JsonNode metadata, IReadOnlyDictionary<string, byte[]> entries)
    {
        Assert.Equal("https://w3id.org/ro/crate/1.1/context", (string?)metadata["@context"]);
        var graph = metadata["@graph"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.All(graph, e => Assert.False(string.IsNullOrEmpty((string?)e["@id"]), "every entity has an @id"));
        Assert.All(graph, e => Assert.NotNull(e["@type"]));
        var byId = graph.ToDictionary(e => (string)e["@id"]!);
        Assert.Equal(graph.Count, byId.Count);

        // Metadata descriptor.
        var descriptor = byId["ro-crate-metadata.json"];
        Assert.Equal("CreativeWork", (string?)descriptor["@type"]);
        Assert.Equal("https://w3id.org/ro/crate/1.1", (string?)descriptor["conformsTo"]!["@id"]);
        var rootId = (string)descriptor["about"]!["@id"]!;
        Assert.Equal("./", rootId);

        // Root data entity: a Dataset with name, description, datePublished (ISO 8601) and license.
        var root = byId[rootId];
        Assert.Equal("Dataset", (string?)root["@type"]);
        foreach (var required in new[] { "name", "description", "datePublished", "license" })
        {
            Assert.True(root[required] is not null, $"root entity lacks `{required}`");
        }

        Assert.True(DateTimeOffset.TryParse((string?)root["datePublished"], System.Globalization.CultureInfo.InvariantCulture, out _));

        // Every data entity is reachable from the root through hasPart; every File is in the zip with the stated size and hash.
        var reachable = new HashSet<string>();
        void Walk(JsonObject dataset)
        {
            foreach (var part in dataset["hasPart"]?.AsArray() ?? [])
            {
                var id = (string)part!["@id"]!;
                Assert.True(byId.ContainsKey(id), $"hasPart `{id}` has no entity");
                if (reachable.Add(id) && byId[id]["hasPart"] is not null)
                {
                    Walk(byId[id]);
                }
            }
        }

        Walk(root);
        foreach (var file in graph.Where(e => (string?)e["@type"] == "File"))
        {
            var id = (string)file["@id"]!;
            Assert.Contains(id, reachable);
            Assert.True(entries.TryGetValue(id, out var bytes), $"File entity `{id}` is not in the zip");
            Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)file["contentSize"]);
            Assert.Equal(Fixtures.Sha(bytes), (string?)file["sha256"]);
            Assert.False(string.IsNullOrEmpty((string?)file["encodingFormat"]));
        }

        foreach (var path in entries.Keys.Where(p => !p.EndsWith('/') && p != "ro-crate-metadata.json"))
        {
            Assert.True(reachable.Contains(path), $"`{path}` in the zip is not described");
        }

        // Every local @id that any property refers to exists in the graph.
        foreach (var entity in graph)
        {
            foreach (var reference in References(entity).Where(r => !r.StartsWith("http", StringComparison.Ordinal)))
            {
                Assert.True(byId.ContainsKey(reference), $"`{entity["@id"]}` refers to `{reference}`, which has no entity");
            }
        }

        return byId;
    }

    static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o when o.Count == 1 && o["@id"] is JsonValue v => [(string)v!],
        JsonObject o => o.Where(p => p.Key != "@id").SelectMany(p => References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };
}
