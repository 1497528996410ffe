using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using SmartLab.Agent.Internal;
using SmartLab.Agent.Jobs;
using SmartLab.Agent.Parameters;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent;

public abstract partial class InstrumentAgent
{
    const int FinishedJobMemory = 256;

    readonly ConcurrentDictionary<string, MethodHandler> _methods = new(StringComparer.Ordinal);
    readonly Lock _jobGate = new();

    // Every (jobId, attempt) seen recently, so a re-sent start or abort is answered instead of acted on twice.
    readonly Dictionary<(string JobId, int Attempt), JobRun> _jobs = [];
    readonly Queue<(string JobId, int Attempt)> _jobOrder = new();
    JobRun? _activeJob;

    /// <summary>The id of the job running now, if any.</summary>
    public string? ActiveJobId
    {
        get
        {
            lock (_jobGate)
            {
                return _activeJob?.JobId;
            }
        }
    }

    /// <summary>
    /// Registers the code that runs method <paramref name="name"/> (as declared in the device profile) as a job.
    /// Used by the default <see cref="RunJobAsync"/>.
    /// </summary>
    protected void RegisterMethod(string name, MethodHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        _methods[name] = handler;
    }

    /// <summary>
    /// Runs a job. The default looks the method up among those registered with <see cref="RegisterMethod"/>.
    /// The agent has already published <c>accepted</c> and <c>running</c>, sets the status to busy, and sends a
    /// heartbeat status at least every <see cref="JobContext.LeaseSeconds"/>/3. The outcome becomes the final status:
    /// a returned <see cref="JobResult"/> (succeeded or failed), an exception (failed; <see cref="JobFailedException"/>
    /// chooses the code) or <see cref="OperationCanceledException"/> after <paramref name="abort"/> fired (aborted).
    /// </summary>
    protected virtual Task<JobResult> RunJobAsync(JobContext job, CancellationToken abort) =>
        _methods.TryGetValue(job.Method, out var handler)
            ? handler(job, abort)
            : throw new JobFailedException("UNKNOWN_METHOD",
                $"instrument {InstrumentId} ({Options.ProfileId}@{Options.ProfileVersion}) has no method `{job.Method}`");

    void OnJobMessage(byte[] payload, string topic)
    {
        var request = Parse<JobRequest>(payload, topic);
        if (request is null)
        {
            return;
        }

        if (!ProtocolConstants.IsValidMessageId(request.JobId))
        {
            Logger.LogWarning("{InstrumentId} ignores a job message with invalid job id '{JobId}'", InstrumentId, request.JobId);
            return;
        }

        switch (request.Type)
        {
            case "start":
                StartJob(request);
                break;
            case "abort":
                AbortJob(request);
                break;
            default:
                Logger.LogWarning("{InstrumentId} ignores job message type '{Type}' for {JobId}", InstrumentId, request.Type, request.JobId);
                break;
        }
    }

    void StartJob(JobRequest request)
    {
        JobRun run;
        JobRun? seen;
        JobRun? superseded = null;
        ErrorInfo? refusal = null;
        lock (_jobGate)
        {
            if (_jobs.TryGetValue((request.JobId, request.Attempt), out seen))
            {
                run = seen;
            }
            else
            {
                run = new JobRun(request, request.LeaseSeconds is > 0 and var lease ? lease : Options.DefaultLeaseSeconds);
                Remember(run);
                if (_activeJob is { } active)
                {
                    if (active.JobId == request.JobId && active.Attempt < request.Attempt)
                    {
                        // The hub gave up on the older attempt (its lease ran out): only the newest may produce results.
                        superseded = active;
                        run.Previous = active;
                        _activeJob = run;
                    }
                    else
                    {
                        refusal = new ErrorInfo("INSTRUMENT_BUSY",
                            $"instrument {InstrumentId} is running job {active.JobId} (attempt {active.Attempt}); job {request.JobId} was not started");
                    }
                }
                else if (_status is InstrumentStatus.Local or InstrumentStatus.Maintenance or InstrumentStatus.Error)
                {
                    refusal = new ErrorInfo("INSTRUMENT_NOT_READY",
                        $"instrument {InstrumentId} reports status {_status.ToWire()}; job {request.JobId} was not started");
                }
                else
                {
                    _activeJob = run;
                }
            }
        }

        if (seen is not null)
        {
            Logger.LogInformation("{InstrumentId} has seen job {JobId} attempt {Attempt} before: repeating its status", InstrumentId, request.JobId, request.Attempt);
            RunInBackground(() => RepublishJobStatusAsync(seen), "job status repeat");
            return;
        }

        if (refusal is not null)
        {
            Logger.LogWarning("{InstrumentId} refuses job {JobId}: {Reason}", InstrumentId, request.JobId, refusal.Message);
            RunInBackground(() => PublishJobStatusAsync(run, NewJobStatus(run, "failed", error: refusal)), "job refusal");
            return;
        }

        superseded?.Abort($"superseded by attempt {request.Attempt}");
        run.Completion = RunInBackground(() => ExecuteJobAsync(run), "job " + request.JobId);
    }

    void AbortJob(JobRequest request)
    {
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "aborted by the hub" : request.Reason;
        JobRun run;
        bool known;
        lock (_jobGate)
        {
            known = _jobs.TryGetValue((request.JobId, request.Attempt), out run!);
            if (!known)
            {
                // Never started here: remember it as aborted, so a start that arrives late is not run.
                run = new JobRun(request, Options.DefaultLeaseSeconds);
                run.LastStatus = NewJobStatus(run, "aborted", error: new ErrorInfo("ABORTED", reason));
                Remember(run);
            }
        }

        if (known && !run.IsFinished)
        {
            Logger.LogInformation("{InstrumentId} aborts job {JobId} attempt {Attempt}: {Reason}", InstrumentId, run.JobId, run.Attempt, reason);
            run.Abort(reason);
            return;
        }

        RunInBackground(() => RepublishJobStatusAsync(run), "job abort answer");
    }

    async Task ExecuteJobAsync(JobRun run)
    {
        if (run.Previous is { } previous)
        {
            await previous.Completion.ConfigureAwait(false);
        }

        var startedAt = TimeProvider.GetUtcNow();
        var context = new JobContext(run.Request, new ParameterSet(run.Request.Parameters, $"method `{run.Request.Method}`"),
            run.LeaseSeconds, startedAt, (progress, stage, message, _) => PublishJobStatusAsync(run, NewJobStatus(run, "running", progress, stage, message)));
        Logger.LogInformation("{InstrumentId} starts job {JobId} attempt {Attempt}: {Method} for {RequestedBy}",
            InstrumentId, run.JobId, run.Attempt, run.Request.Method, run.Request.RequestedBy);

        await PublishJobStatusAsync(run, NewJobStatus(run, "accepted")).ConfigureAwait(false);
        var madeBusy = _status is InstrumentStatus.Idle or InstrumentStatus.Busy;
        if (madeBusy)
        {
            await SetStatusAsync(InstrumentStatus.Busy, CancellationToken.None).ConfigureAwait(false);
        }

        await PublishJobStatusAsync(run, NewJobStatus(run, "running", progress: 0, stage: "starting")).ConfigureAwait(false);

        JobStatusPayload final;
        using (var heartbeatStop = new CancellationTokenSource())
        {
            var heartbeat = HeartbeatAsync(run, heartbeatStop.Token);
            final = await RunJobToOutcomeAsync(run, context).ConfigureAwait(false);
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }

        lock (_jobGate)
        {
            if (_activeJob == run)
            {
                _activeJob = null;
            }
        }

        Logger.LogInformation("{InstrumentId} job {JobId} attempt {Attempt} {State} {Error}",
            InstrumentId, run.JobId, run.Attempt, final.State, final.Error?.Message);
        await PublishJobStatusAsync(run, final).ConfigureAwait(false);

        if (madeBusy)
        {
            await ReturnToIdleIfNoJobAsync().ConfigureAwait(false);
        }
    }

    async Task<JobStatusPayload> RunJobToOutcomeAsync(JobRun run, JobContext context)
    {
        try
        {
            run.AbortToken.ThrowIfCancellationRequested();
            var result = await RunJobAsync(context, run.AbortToken).ConfigureAwait(false);
            return result.IsSuccess
                ? NewJobStatus(run, "succeeded", progress: 1, measurementIds: result.MeasurementIds)
                : NewJobStatus(run, "failed", error: result.Error);
        }
        catch (OperationCanceledException) when (run.AbortToken.IsCancellationRequested)
        {
            return NewJobStatus(run, "aborted", error: new ErrorInfo("ABORTED", run.AbortReason ?? "aborted"));
        }
        catch (JobFailedException ex)
        {
            return NewJobStatus(run, "failed", error: new ErrorInfo(ex.Code, ex.Message));
        }
        catch (ParameterException ex)
        {
            return NewJobStatus(run, "failed", error: new ErrorInfo(ParameterException.Code, ex.Message));
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "job {JobId} attempt {Attempt} failed on {InstrumentId}", run.JobId, run.Attempt, InstrumentId);
            return NewJobStatus(run, "failed", error: new ErrorInfo("AGENT_ERROR", $"{run.Request.Method} failed on {InstrumentId}: {ex.Message}"));
        }
    }

    async Task ReturnToIdleIfNoJobAsync()
    {
        lock (_jobGate)
        {
            if (_activeJob is not null)
            {
                return;
            }
        }

        if (_status == InstrumentStatus.Busy)
        {
            await SetStatusAsync(InstrumentStatus.Idle, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps the lease alive: a status at least every leaseSeconds/3, whatever the method code does.</summary>
    async Task HeartbeatAsync(JobRun run, CancellationToken stop)
    {
        var period = TimeSpan.FromSeconds(run.LeaseSeconds / 3.0);

        // Ticking at half the period and sending when the last status is at least that old bounds every gap by the period.
        var half = period / 2;
        using var timer = new PeriodicTimer(half, TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (TimeProvider.GetElapsedTime(run.LastPublishedTimestamp) >= half && run.LastStatus is { State: "running" } last)
                {
                    await PublishJobStatusAsync(run, last with { Ts = TimeProvider.GetUtcNow() }).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The job ended.
        }
    }

    async Task PublishJobStatusAsync(JobRun run, JobStatusPayload status)
    {
        await run.PublishGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (run.IsFinished && status.State is not ("succeeded" or "failed" or "aborted"))
            {
                // Nothing follows the outcome (a late progress report of a method that ignored the abort).
                return;
            }

            run.LastStatus = status;
            run.LastPublishedTimestamp = TimeProvider.GetTimestamp();
            var result = await PublishCoreAsync(null, Topics.JobStatus(InstrumentId, run.JobId), ProtocolJson.Serialize(status),
                MqttQualityOfServiceLevel.AtLeastOnce, retain: false, CancellationToken.None).ConfigureAwait(false);
            if (run.IsFinished)
            {
                run.FinalDelivered = result is { IsSuccess: true };
            }
        }
        finally
        {
            run.PublishGate.Release();
        }
    }

    Task RepublishJobStatusAsync(JobRun run) =>
        run.LastStatus is { } last ? PublishJobStatusAsync(run, last with { Ts = TimeProvider.GetUtcNow() }) : Task.CompletedTask;

    /// <summary>After a reconnect: the running job's status, and outcomes the broker never acknowledged.</summary>
    async Task RepublishJobStatusesAsync()
    {
        List<JobRun> due;
        lock (_jobGate)
        {
            due = [.. _jobs.Values.Where(r => r == _activeJob || (r.IsFinished && !r.FinalDelivered))];
        }

        foreach (var run in due)
        {
            await RepublishJobStatusAsync(run).ConfigureAwait(false);
        }
    }

    async Task AbortActiveJobAsync(string reason, TimeSpan timeout)
    {
        JobRun? active;
        lock (_jobGate)
        {
            active = _activeJob;
        }

        if (active is null)
        {
            return;
        }

        active.Abort(reason);
        await WaitQuietlyAsync(active.Completion, timeout, $"job {active.JobId}").ConfigureAwait(false);
    }

    void Remember(JobRun run)
    {
        var key = (run.JobId, run.Attempt);
        _jobs[key] = run;
        _jobOrder.Enqueue(key);
        while (_jobOrder.Count > FinishedJobMemory && _jobOrder.TryPeek(out var oldest)
            && _jobs.TryGetValue(oldest, out var old) && old != _activeJob)
        {
            _jobOrder.Dequeue();
            _jobs.Remove(oldest);
        }
    }

    JobStatusPayload NewJobStatus(JobRun run, string state, double? progress = null, string? stage = null, string? message = null,
        IReadOnlyList<string>? measurementIds = null, ErrorInfo? error = null) => new()
    {
        Attempt = run.Attempt,
        State = state,
        Progress = progress,
        Stage = stage,
        Message = message,
        MeasurementIds = measurementIds,
        Error = error,
        Ts = TimeProvider.GetUtcNow(),
    };
}
