using System.Text.Json.Nodes;
using SmartLab.Export.Internal;
using SmartLab.Export.Model;

namespace SmartLab.Export.RoCrate;

/// <summary>The flat JSON-LD <c>@graph</c> of a crate: entities by <c>@id</c>, each added once, in a stable order.</summary>
sealed class CrateGraph
{
    readonly DatasetExport _dataset;
    readonly List<JsonObject> _entities = [];
    readonly HashSet<string> _ids = [];
    readonly JsonArray _rootParts = [];
    readonly JsonArray _actions = [];

    public CrateGraph(DatasetExport dataset) => _dataset = dataset;

    public static string? Embargo(DatasetExport dataset) =>
        (dataset.EmbargoUntil ?? dataset.Measurements.Select(m => m.EmbargoUntil).Max()) is { } until
            ? $"Embargoed until {MetadataJson.Time(until)}: visible only to the data owner and facility staff before then."
            : null;

    public void Add(JsonObject entity)
    {
        if (_ids.Add((string)entity["@id"]!))
        {
            _entities.Add(entity);
        }
    }

    static JsonObject Ref(string id) => new() { ["@id"] = id };

    static JsonArray Refs(IEnumerable<string> ids) => new(ids.Select(i => (JsonNode)Ref(i)).ToArray());

    string? Person(PersonInfo? person, bool staff)
    {
        if (person is null)
        {
            return null;
        }

        var id = $"#person-{person.Id}";
        var entity = new JsonObject { ["@id"] = id, ["@type"] = "Person", ["name"] = person.Name, ["identifier"] = person.Id };
        if (staff)
        {
            entity["affiliation"] = Ref(Facility());
        }

        Add(entity);
        return id;
    }

    string Facility()
    {
        const string Id = "#facility";
        Add(new JsonObject { ["@id"] = Id, ["@type"] = "Organization", ["name"] = _dataset.FacilityName });
        return Id;
    }

    string Instrument(InstrumentInfo i)
    {
        var id = $"#instrument-{i.Id}";
        var entity = new JsonObject
        {
            ["@id"] = id,
            ["@type"] = "IndividualProduct",
            ["name"] = i.Name,
            ["identifier"] = i.Id,
            ["description"] = $"{i.ProfileTitle ?? i.Kind ?? "instrument"}; device profile {i.ProfileId}@{i.ProfileVersion}; agent {i.AgentName} {i.AgentVersion}".Trim(),
        };
        if (i.ProfileTitle is { } model)
        {
            entity["model"] = model;
        }

        if (i.Vendor is { } vendor)
        {
            entity["manufacturer"] = vendor;
        }

        Add(entity);
        return id;
    }

    string? Sample(string? sampleId)
    {
        var s = _dataset.Sample is { } known && (sampleId is null || known.Id == sampleId) ? known : null;
        var id = s?.Id ?? sampleId;
        if (id is null)
        {
            return null;
        }

        var entity = new JsonObject { ["@id"] = $"#sample-{id}", ["@type"] = "Thing", ["identifier"] = id, ["name"] = s?.Name ?? id };
        if (s?.Description is { } description)
        {
            entity["description"] = description;
        }

        if (s?.Composition is { } composition)
        {
            entity["alternateName"] = composition;
        }

        Add(entity);
        return $"#sample-{id}";
    }

    public void AddMeasurement(MeasurementExport m, string folder, IReadOnlyList<string> files)
    {
        Add(new JsonObject
        {
            ["@id"] = folder,
            ["@type"] = "Dataset",
            ["name"] = $"Measurement {m.Id}",
            ["description"] = $"{m.Record.Method} on {m.Instrument.Name}",
            ["hasPart"] = Refs(files),
        });
        _rootParts.Add(Ref(folder));
        foreach (var file in files)
        {
            _rootParts.Add(Ref(file));
        }

        var action = new JsonObject
        {
            ["@id"] = $"#measurement-{m.Id}",
            ["@type"] = "CreateAction",
            ["name"] = $"{m.Record.Method ?? "measurement"} {m.Id}",
            ["identifier"] = m.Id,
            ["instrument"] = Ref(Instrument(m.Instrument)),
            ["result"] = Refs(files),
            ["endTime"] = MetadataJson.Time(m.Record.EndedAt ?? m.Record.ReceivedAt),
        };
        if (m.Record.StartedAt is { } start)
        {
            action["startTime"] = MetadataJson.Time(start);
        }

        if (Person(_dataset.Operator, staff: true) is { } operatorId)
        {
            action["agent"] = Ref(operatorId);
        }

        if (Sample(m.Record.SampleId) is { } sampleId)
        {
            action["object"] = Refs([sampleId]);
        }

        Add(action);
        _actions.Add(Ref((string)action["@id"]!));
    }

    public JsonObject ToDocument()
    {
        var job = _dataset.Job;
        var first = _dataset.Measurements.FirstOrDefault();
        var root = new JsonObject
        {
            ["@id"] = "./",
            ["@type"] = "Dataset",
            ["identifier"] = _dataset.Id,
            ["name"] = job is null ? $"Measurement {_dataset.Id}" : $"Job {job.Id}: {job.Method} on {first?.Instrument.Name ?? job.Instrument}",
            ["description"] = Description(),
            ["datePublished"] = MetadataJson.Time(_dataset.ExportedAt),
            ["license"] = Ref(License()),
            ["publisher"] = Ref(Facility()),
            ["hasPart"] = _rootParts.DeepClone(),
            ["mentions"] = _actions.DeepClone(),
        };
        if (Person(_dataset.Owner, staff: false) is { } owner)
        {
            root["author"] = Ref(owner);
        }

        if (Embargo(_dataset) is { } embargo)
        {
            root["conditionsOfAccess"] = embargo;
        }

        var descriptor = new JsonObject
        {
            ["@id"] = RoCrateWriter.MetadataFileName,
            ["@type"] = "CreativeWork",
            ["conformsTo"] = Ref(RoCrateWriter.Specification),
            ["about"] = Ref("./"),
        };
        return new JsonObject
        {
            ["@context"] = RoCrateWriter.Context,
            ["@graph"] = new JsonArray([descriptor, root, .. _entities.Select(e => (JsonNode)e)]),
        };
    }

    string Description()
    {
        var job = _dataset.Job;
        var sample = _dataset.Sample is { } s ? $" of sample {s.Name} ({s.Id})" : "";
        var who = _dataset.Owner is { } o ? $" for {o.Name}" : "";
        return job is null
            ? $"A measurement{sample} recorded at {_dataset.FacilityName}."
            : $"Results of job {job.Id} ({job.Method}){sample}{who} at {_dataset.FacilityName}: {_dataset.Measurements.Count} measurement(s) with data, metadata and provenance.";
    }

    /// <summary>A licence given as a URL is its own entity's id; a licence in words gets a local entity holding the text.</summary>
    string License()
    {
        var text = _dataset.License;
        var isUrl = Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
        var id = isUrl ? text : "#license";
        Add(new JsonObject { ["@id"] = id, ["@type"] = "CreativeWork", ["name"] = isUrl ? text : "Licence", ["description"] = text });
        return id;
    }
}
