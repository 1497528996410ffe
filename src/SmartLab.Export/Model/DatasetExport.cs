using SmartLab.Domain.Jobs;
using SmartLab.Domain.Samples;

namespace SmartLab.Export.Model;

/// <summary>
/// Everything one export needs, gathered from the store before any writer runs: a job (or a standalone measurement), its
/// sample, its measurements with their parsed documents and file bytes, and who was involved. Writers never touch the store.
/// </summary>
public sealed record DatasetExport
{
    /// <summary>The record the export is named after: the job id (<c>J-000123</c>) or, outside a job, the measurement id.</summary>
    public required string Id { get; init; }
    public JobRecord? Job { get; init; }
    public SampleRecord? Sample { get; init; }
    public required IReadOnlyList<MeasurementExport> Measurements { get; init; }

    /// <summary>The account that submitted the job.</summary>
    public PersonInfo? Requester { get; init; }

    /// <summary>For an automation account, the person it acted for (who owns the data).</summary>
    public PersonInfo? OnBehalfOf { get; init; }

    /// <summary>The staff member who approved or operated the job.</summary>
    public PersonInfo? Operator { get; init; }

    /// <summary>The facility that produced the data (publisher of the dataset).</summary>
    public string FacilityName { get; init; } = "SmartLab facility";

    /// <summary>Licence of the exported data: an SPDX URL or a short text. Default: all rights reserved by the facility.</summary>
    public string License { get; init; } = ExportDefaults.License;

    /// <summary>Until this moment the data is visible only to its owner and staff; every export states it.</summary>
    public DateTimeOffset? EmbargoUntil { get; init; }

    /// <summary>When the export was made (RO-Crate <c>datePublished</c>, RDE <c>dateSubmitted</c>).</summary>
    public required DateTimeOffset ExportedAt { get; init; }

    /// <summary>Version of the SmartLab hub that wrote the export.</summary>
    public string ProgramVersion { get; init; } = ExportDefaults.ProgramVersion;

    /// <summary>The person who owns the data: the one an automation account acted for, else the requester.</summary>
    public PersonInfo? Owner => OnBehalfOf ?? Requester;

    /// <summary>The instrument of the first measurement (a job runs on one instrument per attempt).</summary>
    public InstrumentInfo? Instrument => Measurements.Count > 0 ? Measurements[0].Instrument : null;
}
