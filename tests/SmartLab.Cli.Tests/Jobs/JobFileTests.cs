using SmartLab.Cli.Internal;
using SmartLab.Cli.Jobs;

namespace SmartLab.Cli.Tests.Jobs;

public class JobFileTests
{
    [Fact]
    public void Parse_YamlSingleJob_TypesScalarsLikeYaml()
    {
        const string yaml = """
            instrument: xrd-01
            method: theta2theta
            sampleId: S-000045
            priority: low
            notes: "please use the zero-background holder"
            parameters:
              start: 10
              stop: 80.5
              step: 0.02
              label: "42"
              spin: true
              temperature: {value: 25, unit: Cel}
            """;

        var file = JobFile.Parse(yaml, "job.yaml");

        Assert.False(file.IsBatch);
        var job = Assert.Single(file.Jobs);
        Assert.Equal("xrd-01", job.Instrument);
        Assert.Equal("theta2theta", job.Method);
        Assert.Equal("S-000045", job.SampleId);
        Assert.Equal("low", job.Priority);
        Assert.Equal("please use the zero-background holder", job.Notes);
        Assert.Equal("""{"start":10,"stop":80.5,"step":0.02,"label":"42","spin":true,"temperature":{"value":25,"unit":"Cel"}}""",
            job.Parameters!.Value.GetRawText());
    }

    [Fact]
    public void Parse_YamlBatch_ReadsEveryJobInOrder()
    {
        const string yaml = """
            jobs:
              - instrumentKind: tube-furnace
                method: anneal
                parameters: {temperature: 500}
              - instrumentKind: tube-furnace
                method: anneal
                parameters: {temperature: 600}
            """;

        var file = JobFile.Parse(yaml, "batch.yml");

        Assert.True(file.IsBatch);
        Assert.Equal(2, file.Jobs.Count);
        Assert.All(file.Jobs, j => Assert.Equal("tube-furnace", j.InstrumentKind));
        Assert.Equal("""{"temperature":600}""", file.Jobs[1].Parameters!.Value.GetRawText());
    }

    [Fact]
    public void Parse_JsonSingleJob_ReadsIt()
    {
        var file = JobFile.Parse("""{"instrument": "xrd-01", "method": "theta2theta", "parameters": {"start": 10}}""", "job.json");

        var job = Assert.Single(file.Jobs);
        Assert.False(file.IsBatch);
        Assert.Equal("xrd-01", job.Instrument);
        Assert.Equal("""{"start":10}""", job.Parameters!.Value.GetRawText());
    }

    [Fact]
    public void Parse_JsonBatch_ReadsIt()
    {
        var file = JobFile.Parse("""{"jobs": [{"instrument": "a", "method": "m"}, {"instrument": "b", "method": "m"},]}""", "jobs.json");

        Assert.True(file.IsBatch);
        Assert.Equal(["a", "b"], file.Jobs.Select(j => j.Instrument));
    }

    [Fact]
    public void Parse_BareList_IsABatch()
    {
        var file = JobFile.Parse("- {instrument: a, method: m}\n- {instrument: b, method: m}\n", "jobs.yaml");

        Assert.True(file.IsBatch);
        Assert.Equal(2, file.Jobs.Count);
    }

    [Fact]
    public void Parse_NoExtension_DetectsJsonOrYaml()
    {
        Assert.Equal("a", JobFile.Parse("""{"instrument": "a", "method": "m"}""", "job").Jobs[0].Instrument);
        Assert.Equal("b", JobFile.Parse("instrument: b\nmethod: m\n", "job").Jobs[0].Instrument);
    }

    [Fact]
    public void Parse_MisspeltKey_RefusedWithSuggestion()
    {
        var error = Assert.Throws<UsageException>(() => JobFile.Parse("instrument: a\nmethod: m\nsampleID: S-1\n", "job.yaml"));

        Assert.Contains("unknown key `sampleID`", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean `sampleId`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BatchJobWithUnknownKey_NamesTheJob()
    {
        var error = Assert.Throws<UsageException>(() => JobFile.Parse("jobs:\n  - {instrument: a, method: m}\n  - {instrument: b, mthod: m}\n", "b.yaml"));

        Assert.Contains("b.yaml, job 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobs: []\n", "no jobs")]
    [InlineData("jobs: [{instrument: a, method: m}]\nnotes: x\n", "only `jobs`")]
    [InlineData("instrument: a\nmethod: m\nparameters: [1, 2]\n", "`parameters` must be a mapping")]
    [InlineData("instrument: a\nmethod: {name: m}\n", "`method` has the wrong type")]
    [InlineData("instrument: a\n  method: m\n - x", "line")]
    [InlineData("just text", "must hold one job")]
    public void Parse_BadFile_UsageErrorSaysWhat(string text, string expected)
    {
        var error = Assert.Throws<UsageException>(() => JobFile.Parse(text, "job.yaml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidJson_UsageError()
    {
        var error = Assert.Throws<UsageException>(() => JobFile.Parse("{\"instrument\": ", "job.json"));

        Assert.Contains("job.json is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_UsageErrorNamesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");

        var error = Assert.Throws<UsageException>(() => JobFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
