using System.Text.Json;

namespace SmartLab.Contracts.Api;

/// <summary>A measurement with its provenance, as clients see it.</summary>
public sealed record MeasurementView
{
    public required string Id { get; init; }
    public required string InstrumentId { get; init; }
    public string? JobId { get; init; }
    public int? Attempt { get; init; }
    public string? SampleId { get; init; }
    public string? Method { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public string? Profile { get; init; }
    public string? ProfileVersion { get; init; }
    public string? Owner { get; init; }
    public string? Operator { get; init; }

    /// <summary>Who asked for the measurement (the job's submitter) and, for an automation account, the user it acted for.</summary>
    public string? Requester { get; init; }
    public string? OnBehalfOf { get; init; }

    /// <summary>The agent software that produced the document, from the instrument's last birth.</summary>
    public string? AgentName { get; init; }
    public string? AgentVersion { get; init; }
    public MeasurementCalibrationView? Calibration { get; init; }

    /// <summary>The profile's required metadata, by dotted path, as far as the document carries it.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<MeasuredValueView> Parameters { get; init; } = [];
    public IReadOnlyList<MeasuredValueView> Conditions { get; init; } = [];

    /// <summary>Ids of the measurements this one was derived from.</summary>
    public IReadOnlyList<string> DerivedFrom { get; init; } = [];

    /// <summary>Lower-case hex SHA-256 of the document as received.</summary>
    public string? DocumentSha256 { get; init; }

    /// <summary>False when the document lacks metadata its profile requires; <see cref="Missing"/> lists the paths.</summary>
    public bool Complete { get; init; } = true;
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>Until when only the owner and staff may see the measurement; null when not embargoed.</summary>
    public DateTimeOffset? EmbargoUntil { get; init; }
    public IReadOnlyList<MeasurementFileView> Files { get; init; } = [];

    /// <summary>The agent's document (parameters, conditions, descriptors, data, instrument metadata). Omitted in lists.</summary>
    public JsonElement? Document { get; init; }
}

/// <summary>A parameter or condition: a number with its UCUM units, or a text.</summary>
public sealed record MeasuredValueView(string Name, double? Value, string? Text, string? Units);

/// <summary>The calibration named by the document (<c>instrument.calibration</c>).</summary>
public sealed record MeasurementCalibrationView(string? Id, string? Date);

public sealed record MeasurementFileView(string FileId, string Name, string MediaType, long Size, string Sha256, bool Stored, string? Href);

/// <summary>A page of results; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
