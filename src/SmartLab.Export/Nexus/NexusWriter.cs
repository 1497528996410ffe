using PureHDF;
using SmartLab.Export.Internal;
using SmartLab.Export.Model;

namespace SmartLab.Export.Nexus;

/// <summary>
/// One measurement as a NeXus file (HDF5, <c>.nxs</c>): <c>/entry</c> (NXentry) with title, start and end time, program,
/// identifiers and embargo; <c>/entry/sample</c> (NXsample); <c>/entry/instrument</c> (NXinstrument) with profile, agent and
/// calibration; <c>/entry/user_*</c> (NXuser); <c>/entry/data</c> (NXdata, <c>signal</c> and <c>axes</c>, every dataset with
/// <c>units</c>); parameters, conditions and scalar results as NXcollections; files as opaque datasets (a greyscale PNG
/// image also decoded into <c>/entry/data/image</c>).
/// </summary>
public sealed class NexusWriter
{
    /// <summary>Writes the file; <paramref name="output"/> may be any writable stream (the HDF5 image is built in memory first).</summary>
    public void Write(DatasetExport dataset, MeasurementExport measurement, Stream output)
    {
        var file = new H5File
        {
            ["entry"] = Entry(dataset, measurement),
        };
        file.Attributes["NX_class"] = "NXroot";
        file.Attributes["default"] = "entry";
        file.Attributes["creator"] = $"{ExportDefaults.ProgramName} {dataset.ProgramVersion}";
        file.Attributes["file_time"] = MetadataJson.Time(dataset.ExportedAt)!;
        file.Attributes["file_name"] = $"{measurement.Id}.nxs";

        // PureHDF seeks back to patch headers: an HTTP response body cannot do that, a memory stream can.
        using var buffer = new MemoryStream();
        file.Write(buffer);
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    static H5Group Entry(DatasetExport dataset, MeasurementExport m)
    {
        var r = m.Record;
        var doc = m.Document;
        var entry = Group("NXentry");
        entry.Attributes["default"] = "data";
        entry["title"] = Title(dataset, m);
        entry["entry_identifier"] = r.Id;
        entry["experiment_identifier"] = r.JobId ?? r.Id;
        if (r.Method is { } method)
        {
            entry["measurement_method"] = method;
        }

        if (r.StartedAt is { } start)
        {
            entry["start_time"] = MetadataJson.Time(start)!;
        }

        entry["end_time"] = MetadataJson.Time(r.EndedAt ?? r.ReceivedAt)!;
        entry["program_name"] = new H5Dataset(ExportDefaults.ProgramName) { Attributes = { ["version"] = dataset.ProgramVersion } };
        entry["collection_identifier"] = dataset.Id;
        entry["facility"] = dataset.FacilityName;
        entry["license"] = dataset.License;
        if ((m.EmbargoUntil ?? dataset.EmbargoUntil) is { } embargo)
        {
            entry["embargo_until"] = MetadataJson.Time(embargo)!;
            entry.Attributes["embargo_until"] = MetadataJson.Time(embargo)!;
        }

        entry["sample"] = Sample(dataset, m);
        entry["instrument"] = Instrument(m);
        AddUser(entry, "user_requester", "requester", dataset.Requester);
        AddUser(entry, "user_owner", "owner", dataset.OnBehalfOf);
        AddUser(entry, "user_operator", "operator", dataset.Operator);
        entry["parameters"] = Collection(doc.Parameters);
        entry["conditions"] = Collection(doc.Conditions);
        if (doc.Scalars.Count > 0)
        {
            entry["results"] = Collection(doc.Scalars);
        }

        var image = m.Files.Where(f => f.Content is not null && f.MediaType == "image/png")
            .Select(f => GrayPng.TryDecode(f.Content!)).FirstOrDefault(i => i is not null);
        entry["data"] = NexusData.Build(doc, image);
        if (m.Files.Count > 0)
        {
            entry["files"] = Files(m.Files);
        }

        return entry;
    }

    static string Title(DatasetExport dataset, MeasurementExport m)
    {
        var sample = dataset.Sample is { } s ? $" of {s.Name} ({s.Id})" : m.Record.SampleId is { } id ? $" of {id}" : "";
        return $"{m.Record.Method ?? "measurement"}{sample} on {m.Instrument.Name}";
    }

    static H5Group Sample(DatasetExport dataset, MeasurementExport m)
    {
        var sample = Group("NXsample");
        sample["name"] = dataset.Sample?.Id ?? m.Record.SampleId ?? "unknown";
        var description = dataset.Sample is { } s
            ? string.Join(". ", new[] { s.Name, s.Description }.Where(t => !string.IsNullOrWhiteSpace(t)))
            : "";
        sample["description"] = description.Length > 0 ? description : "no sample record";
        if (dataset.Sample?.Composition is { Length: > 0 } composition)
        {
            sample["chemical_formula"] = composition;
        }

        return sample;
    }

    static H5Group Instrument(MeasurementExport m)
    {
        var i = m.Instrument;
        var instrument = Group("NXinstrument");
        instrument["name"] = new H5Dataset(i.Name) { Attributes = { ["short_name"] = i.Id } };
        Add(instrument, "instrument_id", i.Id);
        Add(instrument, "kind", i.Kind);
        Add(instrument, "profile_id", i.ProfileId ?? m.Record.ProfileId);
        Add(instrument, "profile_version", i.ProfileVersion ?? m.Record.ProfileVersion);
        Add(instrument, "profile_title", i.ProfileTitle);
        Add(instrument, "vendor", i.Vendor);
        Add(instrument, "agent_name", i.AgentName);
        Add(instrument, "agent_version", i.AgentVersion);
        if (m.Document.Calibration is { } c)
        {
            var calibration = Group("NXcollection");
            Add(calibration, "id", c.Id);
            Add(calibration, "date", c.Date);
            instrument["calibration"] = calibration;
        }

        if (m.Document.InstrumentFields.Count > 0)
        {
            instrument["agent_fields"] = Collection(m.Document.InstrumentFields);
        }

        return instrument;
    }

    static void AddUser(H5Group entry, string name, string role, PersonInfo? person)
    {
        if (person is null)
        {
            return;
        }

        var user = Group("NXuser");
        user["name"] = person.Name;
        user["role"] = role;
        user["facility_user_id"] = person.Id;
        entry[name] = user;
    }

    /// <summary>Values with their units as an NXcollection: numbers as float64 with a <c>units</c> attribute, the rest as text.</summary>
    internal static H5Group Collection(IEnumerable<Quantity> values)
    {
        var group = Group("NXcollection");
        foreach (var q in values)
        {
            var dataset = q.Number is { } n ? new H5Dataset(n) : new H5Dataset(q.Text ?? "");
            if (q.Unit is { Length: > 0 } unit)
            {
                dataset.Attributes["units"] = unit;
            }

            group[NexusNames.Safe(q.Name)] = dataset;
        }

        return group;
    }

    static H5Group Files(IReadOnlyList<ExportFile> files)
    {
        var group = Group("NXcollection");
        foreach (var f in files.Where(f => f.Content is { Length: > 0 }))
        {
            // Opaque: the bytes exactly as sent, tagged with their media type; readers get them back unchanged.
            group[NexusNames.Safe(f.SafeName)] = new H5Dataset(f.Content!, opaqueInfo: new H5OpaqueInfo((uint)f.Content!.Length, f.MediaType))
            {
                Attributes =
                {
                    ["file_name"] = f.Name,
                    ["media_type"] = f.MediaType,
                    ["sha256"] = f.Sha256,
                    ["size"] = f.Size,
                },
            };
        }

        return group;
    }

    static void Add(H5Group group, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            group[name] = value;
        }
    }

    internal static H5Group Group(string nxClass)
    {
        var group = new H5Group();
        group.Attributes["NX_class"] = nxClass;
        return group;
    }
}
