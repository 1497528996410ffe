using System.Text.Json;
using SmartLab.Agent.Internal;
using SmartLab.Agent.Jobs;
using SmartLab.Contracts.Payloads;

namespace SmartLab.Agent.Measurements;

/// <summary>
/// Builds a <see cref="MeasurementPayload"/> whose data and descriptors cannot disagree: every data key is added
/// together with its dtype, shape and UCUM units.
/// </summary>
/// <example>
/// <code>
/// var measurement = new MeasurementBuilder("theta2theta", timeProvider)
///     .ForJob(job)
///     .AddArray("twoTheta", angles, "deg")
///     .AddArray("intensity", counts, "{counts}")
///     .AddCondition("temperature", 298.2)
///     .WithCalibration("CAL-2026-11", new DateOnly(2026, 11, 1))
///     .Build();
/// </code>
/// </example>
public sealed class MeasurementBuilder
{
    readonly TimeProvider _time;
    readonly Dictionary<string, object?> _data = [];
    readonly Dictionary<string, DataDescriptor> _descriptors = [];
    readonly Dictionary<string, object?> _conditions = [];
    readonly Dictionary<string, object?> _instrument = [];
    string? _jobId;
    int? _attempt;
    string? _sampleId;
    JsonElement? _parameters;
    DateTimeOffset? _startedAt;
    DateTimeOffset? _endedAt;

    /// <summary>Starts a measurement of <paramref name="method"/> with a new ULID as its id.</summary>
    public MeasurementBuilder(string method, TimeProvider? timeProvider = null, string? measurementId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        _time = timeProvider ?? TimeProvider.System;
        Method = method;
        MeasurementId = measurementId ?? MessageId.New(_time);
    }

    /// <summary>The measurement's id (its idempotency key at the hub).</summary>
    public string MeasurementId { get; }

    /// <summary>The method name.</summary>
    public string Method { get; }

    /// <summary>Copies job id, attempt, sample id, parameters and start time from a running job.</summary>
    public MeasurementBuilder ForJob(JobContext job)
    {
        _jobId = job.JobId;
        _attempt = job.Attempt;
        _sampleId = job.Sample?.Id;
        _parameters = job.Parameters.Raw.ValueKind == JsonValueKind.Object ? job.Parameters.Raw : null;
        _startedAt ??= job.StartedAt;
        return this;
    }

    /// <summary>Sets the sample id (for a measurement outside a job).</summary>
    public MeasurementBuilder ForSample(string? sampleId)
    {
        _sampleId = sampleId;
        return this;
    }

    /// <summary>Sets the parameters the measurement was taken with (plain values or a <see cref="JsonElement"/>).</summary>
    public MeasurementBuilder WithParameters(object? parameters)
    {
        _parameters = parameters is null ? null : JsonValues.ToElement(parameters);
        return this;
    }

    /// <summary>Sets start and end time (UTC); the end defaults to now when <see cref="Build"/> runs.</summary>
    public MeasurementBuilder WithTimes(DateTimeOffset startedAt, DateTimeOffset? endedAt = null)
    {
        _startedAt = startedAt;
        _endedAt = endedAt;
        return this;
    }

    /// <summary>Adds a one-dimensional numeric array with its units.</summary>
    public MeasurementBuilder AddArray(string name, IReadOnlyList<double> values, string units) =>
        Add(name, values, new DataDescriptor { Dtype = "number", Shape = [values.Count], Units = units });

    /// <summary>Adds a one-dimensional integer array (counts, indices) with its units.</summary>
    public MeasurementBuilder AddArray(string name, IReadOnlyList<long> values, string units) =>
        Add(name, values, new DataDescriptor { Dtype = "integer", Shape = [values.Count], Units = units });

    /// <summary>Adds a numeric scalar with its units (<c>1</c> for dimensionless).</summary>
    public MeasurementBuilder AddScalar(string name, double value, string units) =>
        Add(name, value, new DataDescriptor { Dtype = "number", Shape = [], Units = units });

    /// <summary>Adds a string scalar.</summary>
    public MeasurementBuilder AddScalar(string name, string value) =>
        Add(name, value, new DataDescriptor { Dtype = "string", Shape = [] });

    /// <summary>Adds an experimental condition (sample temperature, atmosphere, detector) to <c>conditions</c>.</summary>
    public MeasurementBuilder AddCondition(string name, object? value)
    {
        _conditions[name] = value;
        return this;
    }

    /// <summary>Sets <c>instrument.calibration</c> {id, date}: which calibration the data rests on.</summary>
    public MeasurementBuilder WithCalibration(string calibrationId, DateOnly date)
    {
        _instrument["calibration"] = new Dictionary<string, object?>
        {
            ["id"] = calibrationId,
            ["date"] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        return this;
    }

    /// <summary>Adds another field to the <c>instrument</c> object (serial number, firmware, ...).</summary>
    public MeasurementBuilder WithInstrumentField(string name, object? value)
    {
        _instrument[name] = value;
        return this;
    }

    /// <summary>Creates the payload. Files are added by <see cref="InstrumentAgent.PublishMeasurementAsync"/>.</summary>
    public MeasurementPayload Build() => new()
    {
        MeasurementId = MeasurementId,
        JobId = _jobId,
        Attempt = _attempt,
        SampleId = _sampleId,
        Method = Method,
        StartedAt = _startedAt,
        EndedAt = _endedAt ?? _time.GetUtcNow(),
        Parameters = _parameters,
        Conditions = _conditions.Count > 0 ? JsonValues.ToElement(_conditions) : null,
        Descriptors = _descriptors.Count > 0 ? new Dictionary<string, DataDescriptor>(_descriptors) : null,
        Data = _data.Count > 0 ? JsonValues.ToElement(_data) : null,
        Instrument = _instrument.Count > 0 ? JsonValues.ToElement(_instrument) : null,
    };

    MeasurementBuilder Add(string name, object value, DataDescriptor descriptor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _data[name] = value;
        _descriptors[name] = descriptor;
        return this;
    }
}
