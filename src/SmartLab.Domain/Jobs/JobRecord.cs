namespace SmartLab.Domain.Jobs;

/// <summary>
/// A measurement request and everything that happened to it. Only the hub's job service changes a job, always through
/// <see cref="Move"/>, which refuses transitions the state machine does not allow and records who made each one.
/// </summary>
public sealed class JobRecord
{
    /// <summary>Permanent id, <c>J-000123</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Submission order, for cursors and first-come-first-served ties.</summary>
    public long Seq { get; set; }
    public string State { get; set; } = JobStates.Submitted;

    /// <summary>The instrument the requester asked for, if they named one.</summary>
    public string? RequestedInstrument { get; set; }

    /// <summary>Profile id of the instruments that may run it.</summary>
    public string InstrumentKind { get; set; } = "";

    /// <summary>An instrument staff pinned the job to.</summary>
    public string? PinnedInstrument { get; set; }

    /// <summary>The instrument of the current (or last) attempt.</summary>
    public string? Instrument { get; set; }
    public string Method { get; set; } = "";

    /// <summary>Parameters as JSON, normalised to the profile's units, defaults filled in.</summary>
    public string ParametersJson { get; set; } = "{}";
    public string? SampleId { get; set; }
    public string? SampleName { get; set; }
    public string Priority { get; set; } = JobPriorities.Normal;

    /// <summary>Set by staff "move to front": jobs with a rank go before fair-share order in their class, lowest first.</summary>
    public long? FrontRank { get; set; }
    public string? Notes { get; set; }

    /// <summary>Until this instant the job's measurements are visible only to its owner and staff (null: no embargo).</summary>
    public DateTimeOffset? EmbargoUntil { get; set; }

    /// <summary>Account id of the submitter.</summary>
    public string Requester { get; set; } = "";

    /// <summary>For an automation account, the user it acts for.</summary>
    public string? OnBehalfOf { get; set; }

    /// <summary>The staff member responsible (who approved or operated it).</summary>
    public string? Operator { get; set; }
    public int Attempt { get; set; }
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Attempts lost because the agent vanished (will or lease expiry); at <see cref="MaxAttempts"/> the job fails.</summary>
    public int LostAttempts { get; set; }

    /// <summary>Seconds an attempt stays alive without a status from the agent.</summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>Results are released to the requester as soon as the job succeeds (otherwise staff deliver them).</summary>
    public bool AutoDeliver { get; set; }

    /// <summary>The requester or staff asked to cancel a running attempt; the instrument has been told to abort it.</summary>
    public bool AbortRequested { get; set; }

    /// <summary>The state a held job returns to when resumed.</summary>
    public string? HeldFrom { get; set; }
    public double EstimatedSeconds { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public List<string> MeasurementIds { get; set; } = [];
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public List<JobTransition> History { get; set; } = [];

    /// <summary>The user who owns the job's data: the person an automation account acts for, else the requester.</summary>
    public string Owner => OnBehalfOf ?? Requester;

    public JobRecord Clone()
    {
        var copy = (JobRecord)MemberwiseClone();
        copy.MeasurementIds = [.. MeasurementIds];
        copy.History = [.. History];
        return copy;
    }

    /// <summary>Moves the job to <paramref name="to"/> and records the step; false (and nothing changed) when not allowed.</summary>
    public bool Move(string to, string actor, string? onBehalfOf, string? reason, DateTimeOffset at)
    {
        if (!JobStates.CanMove(State, to))
        {
            return false;
        }

        History.Add(new JobTransition { At = at, From = State, To = to, Actor = actor, OnBehalfOf = onBehalfOf, Reason = reason, Attempt = Attempt });
        State = to;
        UpdatedAt = at;
        return true;
    }

    /// <summary>Records the job's creation as its first history entry.</summary>
    public void Created(string actor, string? onBehalfOf, DateTimeOffset at)
    {
        State = JobStates.Submitted;
        CreatedAt = at;
        UpdatedAt = at;
        History.Add(new JobTransition { At = at, From = null, To = JobStates.Submitted, Actor = actor, OnBehalfOf = onBehalfOf });
    }
}
