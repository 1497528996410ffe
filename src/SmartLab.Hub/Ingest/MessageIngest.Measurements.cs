using System.Text;
using System.Text.Json;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Domain.Measurements;
using SmartLab.Domain.Profiles;
using SmartLab.Hub.Instruments;
using SmartLab.Messaging.Mqtt.Transport;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Ingest;

public sealed partial class MessageIngest
{
    async Task<Rejection?> OnMeasurementAsync(InstrumentRuntime instrument, InboundMessage message, JsonElement root,
        CancellationToken cancellationToken)
    {
        var payload = root.Deserialize(ProtocolJsonContext.Default.MeasurementPayload)!;
        var record = instrument.Record;
        if (record.UnusableReason is { } reason)
        {
            return new Rejection("instrument_unusable", $"instrument `{record.Id}` is unusable: {reason}");
        }

        var profile = instrument.Profile ?? profiles.Find(record.ProfileId, record.ProfileVersion);
        if (profile is not null && CheckAgainstProfile(payload, root, profile) is { } problem)
        {
            return problem;
        }

        if (CheckDescriptors(payload, root) is { } shapeProblem)
        {
            return shapeProblem;
        }

        Domain.Jobs.JobRecord? job = null;
        if (payload.JobId is { } jobId)
        {
            (job, var refusal) = jobs.AdmitMeasurement(record.Id, jobId, payload.Attempt);
            if (refusal is not null)
            {
                if (store.GetMeasurement(payload.MeasurementId) is { } stored && stored.InstrumentId == record.Id)
                {
                    // A replay of one stored while the attempt was current: acknowledge it again.
                    await publisher.AckAsync(record.Id, "measurement", payload.MeasurementId).ConfigureAwait(false);
                    return null;
                }

                return refusal;
            }
        }

        var measurement = new MeasurementRecord
        {
            Id = payload.MeasurementId,
            InstrumentId = record.Id,
            JobId = payload.JobId,
            Attempt = payload.Attempt,
            SampleId = payload.SampleId ?? job?.SampleId,
            Method = payload.Method,
            StartedAt = payload.StartedAt,
            EndedAt = payload.EndedAt,
            ReceivedAt = time.GetUtcNow(),
            ProfileId = profile?.Id ?? record.ProfileId,
            ProfileVersion = profile?.Version ?? record.ProfileVersion,
            Requester = job?.Requester,
            OnBehalfOf = job?.OnBehalfOf,
            Operator = job?.Operator,
            Owner = job is { State: Domain.Jobs.JobStates.Delivered } ? job.Owner : null,
            EmbargoUntil = job?.EmbargoUntil,
            AgentName = record.AgentName,
            AgentVersion = record.AgentVersion,
            Files = payload.Files?.Select(f => new MeasurementFile
            {
                FileId = f.FileId,
                Name = f.Name,
                MediaType = f.MediaType,
                Size = f.Size,
                Sha256 = f.Sha256,
            }).ToList() ?? [],
            Document = Encoding.UTF8.GetString(message.Payload),
        };
        if (MeasurementRecordBuilder.Describe(measurement, root, profile) is { } malformed)
        {
            return malformed;
        }

        var outcome = await store.AddMeasurementAsync(measurement, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case StoreOutcome.Conflict:
                return new Rejection("duplicate_id",
                    $"measurementId `{payload.MeasurementId}` is already used by another instrument; measurement ids must be unique (ULIDs are)");
            case StoreOutcome.Duplicate:
                // A replay: the stored copy is the truth, its files may still be arriving.
                measurement = store.GetMeasurement(payload.MeasurementId) ?? measurement;
                break;
            default:
                instrument.CountMeasurementStored();
                break;
        }

        await publisher.AckAsync(record.Id, "measurement", payload.MeasurementId).ConfigureAwait(false);
        if (!measurement.Complete)
        {
            // Stored all the same: the data is real, and the record says what it lacks until someone supplies it.
            await publisher.DiagnosticAsync(record.Id, message.RawTopic, "incomplete_metadata",
                $"measurement `{measurement.Id}` was stored but is incomplete: it lacks {string.Join(", ", measurement.Missing.Select(m => $"`{m}`"))}, "
                + $"required by profile `{measurement.ProfileId}@{measurement.ProfileVersion}`", dropped: false).ConfigureAwait(false);
        }

        await files.OnMeasurementStoredAsync(record.Id, measurement, cancellationToken).ConfigureAwait(false);
        return null;
    }

    static Rejection? CheckAgainstProfile(MeasurementPayload payload, JsonElement root, DeviceProfile profile)
    {
        if (payload.Method is { } method)
        {
            if (profile.FindMethod(method) is not { } definition)
            {
                return new Rejection("unknown_method",
                    $"method `{method}` is not declared by profile `{profile.Key}` (declared: {string.Join(", ", profile.Methods.Select(m => m.Name))})");
            }

            // The parameters the run used must be ones the method allows (ranges, types, enums); defaults may be omitted.
            var given = root.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
            var problems = Domain.Validation.ParameterValidator.Validate(
                definition.Parameters.Select(d => d with { Required = false }).ToList(), given, $"method `{method}` of profile `{profile.Key}`");
            if (problems.Count > 0)
            {
                return new Rejection(problems[0].Code, problems[0].Message);
            }

            foreach (var output in definition.Outputs.Where(o => o.Kind != "file"))
            {
                if (payload.Descriptors?.GetValueOrDefault(output.Name) is { } d && output.Units is { } units && d.Units is { } given2 && given2 != units)
                {
                    return new Rejection("wrong_units",
                        $"descriptor `{output.Name}` says units `{given2}` but method `{method}` of profile `{profile.Key}` produces `{units}`");
                }
            }
        }

        // Missing required metadata is not a reason to refuse: the record is stored, marked incomplete (see Describe).
        return null;
    }

    static Rejection? CheckDescriptors(MeasurementPayload payload, JsonElement root)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var item in data.EnumerateObject())
        {
            if (payload.Descriptors is null || !payload.Descriptors.TryGetValue(item.Name, out var descriptor))
            {
                return new Rejection("undescribed_data", $"data key `{item.Name}` has no entry in `descriptors` (dtype, shape, units)");
            }

            if (descriptor.Shape is [var length] && item.Value.ValueKind == JsonValueKind.Array && item.Value.GetArrayLength() != length)
            {
                return new Rejection("shape_mismatch",
                    $"data `{item.Name}` has {item.Value.GetArrayLength()} values but its descriptor's shape says {length}");
            }
        }

        return null;
    }
}
