using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Contracts.Api;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Profiles;
using SmartLab.Domain.Validation;
using SmartLab.Hub.Instruments;
using SmartLab.Profiles;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Jobs;

/// <summary>
/// Checks a job request against the instrument (or kind), the profile's method and the sample, and turns it into a
/// draft job with parameters normalised to the profile's units and defaults filled in. Nothing is stored here.
/// </summary>
public sealed class JobValidator(InstrumentRegistry registry, IProfileCatalog profiles, LiteDbStore store, TimeProvider time)
{
    const int MaxNotes = 4000;

    /// <summary>The furthest an embargo may reach.</summary>
    const int MaxEmbargoYears = 10;

    /// <summary>Codes of embargo problems: a well-formed request the hub cannot accept (422 rather than 400).</summary>
    public static readonly IReadOnlySet<string> EmbargoCodes = new HashSet<string> { "invalid_embargo", "embargo_in_past", "embargo_too_far" };

    /// <summary>A draft job, or the problems that keep it from being one (fields prefixed with <paramref name="fieldPrefix"/>).</summary>
    public (JobRecord? Job, List<ValidationError> Problems) Validate(SubmitJobRequest request, Caller caller, string fieldPrefix = "")
    {
        var problems = new List<ValidationError>();
        void Add(string field, string code, string message) => problems.Add(new ValidationError(fieldPrefix + field, code, message));

        DeviceProfile? profile = null;
        string? instrumentId = null;
        if (request.Instrument is { } id)
        {
            if (registry.Find(id) is not { } instrument)
            {
                Add("instrument", "unknown_instrument", $"instrument `{id}` is not registered");
            }
            else
            {
                instrumentId = id;
                profile = instrument.Profile ?? profiles.Find(instrument.Record.ProfileId, instrument.Record.ProfileVersion)
                    ?? LatestProfile(instrument.Record.ProfileId);
                if (request.InstrumentKind is { } kind && kind != instrument.Record.ProfileId)
                {
                    Add("instrumentKind", "kind_mismatch", $"instrument `{id}` is a `{instrument.Record.ProfileId}`, not a `{kind}`");
                }
            }
        }
        else if (request.InstrumentKind is { } kind)
        {
            profile = LatestProfile(kind);
            if (profile is null)
            {
                Add("instrumentKind", "unknown_kind",
                    $"no profile `{kind}` is loaded (loaded: {string.Join(", ", profiles.All.Select(p => p.Id).Distinct())})");
            }
        }
        else
        {
            Add("instrument", "required", "give `instrument` (an instrument id) or `instrumentKind` (a profile id)");
        }

        MethodDefinition? method = null;
        if (string.IsNullOrWhiteSpace(request.Method))
        {
            Add("method", "required", "`method` is required");
        }
        else if (profile is not null)
        {
            method = profile.FindMethod(request.Method);
            if (method is null)
            {
                Add("method", "unknown_method",
                    $"method `{request.Method}` is not declared by profile `{profile.Key}` (declared: {string.Join(", ", profile.Methods.Select(m => m.Name))})");
            }
        }

        var priority = request.Priority ?? JobPriorities.Normal;
        if (!JobPriorities.IsKnown(priority))
        {
            Add("priority", "unknown_priority", $"priority `{priority}` is not one of {string.Join(", ", JobPriorities.All)}");
        }
        else if (priority == JobPriorities.High && !caller.IsStaff)
        {
            Add("priority", "priority_not_allowed", "only facility staff can give a job `high` priority");
        }

        if (request.Notes is { Length: > MaxNotes })
        {
            Add("notes", "too_long", $"`notes` has {request.Notes.Length} characters; the limit is {MaxNotes}");
        }

        var embargo = CheckEmbargo(request.EmbargoUntil, Add);

        Domain.Samples.SampleRecord? sample = null;
        if (request.SampleId is { } sampleId)
        {
            sample = store.GetSample(sampleId);
            if (sample is null || (!caller.IsStaff && !sample.IsUsableBy(caller.Owner) && !sample.IsUsableBy(caller.Id)))
            {
                // The same answer for "someone else's" as for "none": ids of other users' samples are not disclosed.
                Add("sampleId", "unknown_sample", $"sample `{sampleId}` does not exist");
                sample = null;
            }
        }

        string parametersJson = "{}";
        if (method is not null && profile is not null)
        {
            var normalized = Parameters.Prepare(method.Parameters, request.Parameters, $"method `{method.Name}` of profile `{profile.Key}`",
                fieldPrefix, problems);
            parametersJson = normalized?.ToJsonString() ?? "{}";
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var job = new JobRecord
        {
            RequestedInstrument = instrumentId,
            InstrumentKind = profile!.Id,
            Method = method!.Name,
            ParametersJson = parametersJson,
            SampleId = sample?.Id,
            SampleName = sample?.Name,
            Priority = priority,
            Notes = request.Notes,
            EmbargoUntil = embargo,
            Requester = caller.Id,
            OnBehalfOf = caller.OnBehalfOf,
            EstimatedSeconds = method.EstimatedDuration.TotalSeconds,
        };
        return (job, problems);
    }

    DateTimeOffset? CheckEmbargo(string? text, Action<string, string, string> add)
    {
        if (text is null)
        {
            return null;
        }

        // RFC 3339 only: a date-time with a zone, so "until" means the same instant for the owner and the hub.
        if (!DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var until) || !(text.EndsWith('Z') || text.EndsWith("z", StringComparison.Ordinal) || text[^6] is '+' or '-'))
        {
            add("embargoUntil", "invalid_embargo", $"`embargoUntil` = `{text}` is not an RFC 3339 date-time with a zone, such as 2027-04-01T00:00:00Z");
            return null;
        }

        var now = time.GetUtcNow();
        if (until <= now)
        {
            add("embargoUntil", "embargo_in_past", $"`embargoUntil` = {until.UtcDateTime:O} is not in the future");
            return null;
        }

        if (until > now.AddYears(MaxEmbargoYears))
        {
            add("embargoUntil", "embargo_too_far", $"`embargoUntil` = {until.UtcDateTime:O} is more than {MaxEmbargoYears} years ahead");
            return null;
        }

        return until.ToUniversalTime();
    }

    DeviceProfile? LatestProfile(string id) =>
        profiles.All.Where(p => p.Id == id).OrderByDescending(p => Version.TryParse(p.Version, out var v) ? v : new Version()).FirstOrDefault();
}
