using System.Text.Json;
using SmartLab.Contracts.Api;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Samples;

namespace SmartLab.Hub.Jobs;

/// <summary>Jobs and samples as clients see them.</summary>
public static class JobViews
{
    public static JobView ToView(JobRecord job, double? progress = null, string? stage = null, bool withHistory = false) => new()
    {
        Id = job.Id,
        State = job.State,
        Instrument = job.Instrument,
        InstrumentKind = job.InstrumentKind,
        PinnedInstrument = job.PinnedInstrument,
        Method = job.Method,
        Parameters = JsonDocument.Parse(job.ParametersJson).RootElement.Clone(),
        SampleId = job.SampleId,
        Priority = job.Priority,
        Notes = job.Notes,
        EmbargoUntil = job.EmbargoUntil,
        Requester = job.Requester,
        OnBehalfOf = job.OnBehalfOf,
        Operator = job.Operator,
        Attempt = job.Attempt,
        MaxAttempts = job.MaxAttempts,
        Progress = progress ?? (JobStates.IsFinished(job.State) && job.State is JobStates.Succeeded or JobStates.Delivered ? 1 : null),
        Stage = stage,
        CreatedAt = job.CreatedAt,
        UpdatedAt = job.UpdatedAt,
        StartedAt = job.StartedAt,
        EndedAt = job.EndedAt,
        EstimatedSeconds = job.EstimatedSeconds > 0 ? job.EstimatedSeconds : null,
        MeasurementIds = job.MeasurementIds,
        Error = job.ErrorCode is { } code ? new JobErrorView(code, job.ErrorMessage ?? "") : null,
        History = withHistory
            ? job.History.Select(h => new JobTransitionView(h.At, h.From, h.To, h.Actor, h.OnBehalfOf, h.Reason, h.Attempt)).ToList()
            : null,
    };

    public static SampleView ToView(SampleRecord sample) => new()
    {
        Id = sample.Id,
        Name = sample.Name,
        Description = sample.Description,
        Composition = sample.Composition,
        Hazards = sample.Hazards,
        Owner = sample.Owner,
        SharedWith = sample.SharedWith,
        CreatedAt = sample.CreatedAt,
        ReceivedAt = sample.ReceivedAt,
        ReceivedBy = sample.ReceivedBy,
    };
}
