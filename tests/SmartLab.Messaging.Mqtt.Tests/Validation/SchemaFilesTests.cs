using System.Text.Json;
using SmartLab.Contracts.Json;
using SmartLab.Messaging.Mqtt.Validation;

namespace SmartLab.Messaging.Mqtt.Tests.Validation;

/// <summary>The schema files themselves: embedded, draft 2020-12, version 1, open to additions.</summary>
public class SchemaFilesTests
{
    // Patterns the validator can put into words; a new pattern in a schema needs a phrase in PatternPhrases too.
    static readonly string[] PatternsWithPhrases =
    [
        "^[A-Za-z0-9_-]{1,64}$",
        "^[0-9a-f]{64}$",
        "^[a-z0-9][a-z0-9-]{0,62}$",
        "^[0-9]+\\.[0-9]+\\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$",
        "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?Z$",
    ];

    public static TheoryData<PayloadKind> Kinds => new(PayloadKinds.All);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Schema_EveryKind_IsEmbeddedAsDraft2020WithVersionOneAndOpenTopLevel(PayloadKind kind)
    {
        using var schema = Load(kind);
        var root = schema.RootElement;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal(1, root.GetProperty("properties").GetProperty("v").GetProperty("const").GetInt32());
        Assert.Contains("v", root.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.True(root.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Schemas_Patterns_AllHaveAPhrase()
    {
        var patterns = PayloadKinds.All.SelectMany(kind =>
        {
            using var schema = Load(kind);
            return Patterns(schema.RootElement).ToList();
        }).ToHashSet();

        Assert.Subset(PatternsWithPhrases.ToHashSet(), patterns);
    }

    [Fact]
    public void Schemas_FilesOnDisk_AreExactlyTheEmbeddedOnes()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "src", "SmartLab.Contracts", "Schemas", "v1");
        var onDisk = Directory.GetFiles(folder, "*.schema.json").Select(f => Path.GetFileName(f)!).ToHashSet();

        Assert.Equal(PayloadKinds.All.Select(k => k.SchemaFileName()).ToHashSet(), onDisk);
    }

    static JsonDocument Load(PayloadKind kind)
    {
        using var stream = typeof(ProtocolJson).Assembly.GetManifestResourceStream(kind.SchemaResourceName());
        Assert.NotNull(stream);
        return JsonDocument.Parse(stream);
    }

    static IEnumerable<string> Patterns(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "pattern")
                {
                    yield return property.Value.GetString()!;
                }

                foreach (var nested in Patterns(property.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(Patterns))
            {
                yield return nested;
            }
        }
    }
}
