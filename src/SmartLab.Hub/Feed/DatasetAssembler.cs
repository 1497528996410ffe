using Microsoft.Extensions.Options;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Measurements;
using SmartLab.Domain.Profiles;
using SmartLab.Export.Model;
using SmartLab.Export.Rde;
using SmartLab.Hub.Hosting;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Feed;

/// <summary>
/// Gathers what an export needs from the store: the job, its sample, the measurements with parsed documents and file bytes,
/// the accounts involved, the instrument and its profile. Callers decide who may see what; this class only collects.
/// </summary>
public sealed class DatasetAssembler(LiteDbStore store, IProfileCatalog profiles, TimeProvider time, IOptions<HubOptions> hub,
    IOptions<RdeOptions> rde)
{
    /// <summary>How the facility's records map to its RDE registrations (<c>SmartLab:Export:Rde</c>).</summary>
    public RdeOptions Rde => rde.Value;

    /// <summary>One measurement with its job (if any) around it.</summary>
    public DatasetExport ForMeasurement(MeasurementRecord measurement)
    {
        var job = measurement.JobId is { } jobId ? store.GetJob(jobId) : null;
        return Build(measurement.Id, job, [measurement], measurement.SampleId,
            measurement.Requester, measurement.OnBehalfOf, measurement.Operator);
    }

    /// <summary>A job's dataset: <paramref name="measurements"/> are the ones the caller may see, in the job's order.</summary>
    public DatasetExport ForJob(JobRecord job, IReadOnlyList<MeasurementRecord> measurements) =>
        Build(job.Id, job, measurements, job.SampleId, job.Requester, job.OnBehalfOf, job.Operator);

    DatasetExport Build(string id, JobRecord? job, IReadOnlyList<MeasurementRecord> measurements, string? sampleId,
        string? requester, string? onBehalfOf, string? @operator)
    {
        var exported = measurements.Select(Measurement).ToList();
        return new DatasetExport
        {
            Id = id,
            Job = job,
            Sample = sampleId is null ? null : store.GetSample(sampleId),
            Measurements = exported,
            Requester = Person(requester),
            OnBehalfOf = Person(onBehalfOf),
            Operator = Person(@operator),
            FacilityName = hub.Value.FacilityName,
            EmbargoUntil = job?.EmbargoUntil ?? exported.Select(m => m.EmbargoUntil).Max(),
            ExportedAt = time.GetUtcNow(),
        };
    }

    MeasurementExport Measurement(MeasurementRecord m)
    {
        var profile = m.ProfileId is null ? null : profiles.Find(m.ProfileId, m.ProfileVersion) ?? profiles.Find(m.ProfileId);
        var document = MeasurementDocument.Parse(m.Document, profile);

        // Ingest already resolved parameters and conditions with their units; its values win over a second guess here.
        if (m.Parameters.Count > 0 || m.Conditions.Count > 0)
        {
            document = document with { Parameters = Quantities(m.Parameters), Conditions = Quantities(m.Conditions) };
        }

        var instrument = store.GetInstrument(m.InstrumentId);
        return new MeasurementExport
        {
            Record = m,
            Document = document,
            Files = m.Files.Select(f => new ExportFile(f.FileId, f.Name, f.MediaType, f.Size, f.Sha256, f.Stored ? Bytes(m.InstrumentId, f.FileId) : null)).ToList(),
            Instrument = new InstrumentInfo
            {
                Id = m.InstrumentId,
                DisplayName = instrument?.DisplayName,
                Location = instrument?.Location,
                Kind = profile?.Kind,
                ProfileId = m.ProfileId,
                ProfileVersion = m.ProfileVersion,
                ProfileTitle = profile?.Title,
                Vendor = profile?.Vendor,
                AgentName = m.AgentName ?? instrument?.AgentName,
                AgentVersion = m.AgentVersion ?? instrument?.AgentVersion,
            },
            EmbargoUntil = m.EmbargoUntil,
        };
    }

    static List<Quantity> Quantities(IEnumerable<MeasuredValue> values) =>
        values.Select(v => new Quantity(v.Name, v.Number, v.Text, v.Units)).ToList();

    byte[]? Bytes(string instrumentId, string fileId)
    {
        using var buffer = new MemoryStream();
        return store.CopyFileTo(instrumentId, fileId, buffer) ? buffer.ToArray() : null;
    }

    PersonInfo? Person(string? accountId) =>
        accountId is null ? null : store.GetAccount(accountId) is { } a ? new PersonInfo(a.Id, a.DisplayName, a.Role) : new PersonInfo(accountId, null, "user");
}
