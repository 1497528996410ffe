using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;
using SmartLab.Domain.Accounts;
using SmartLab.Domain.Profiles;
using SmartLab.Domain.Validation;
using SmartLab.Hub.Instruments;
using SmartLab.Hub.Jobs;
using SmartLab.Messaging.Mqtt.Transport;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Control;

/// <summary>
/// Remote commands: validate against the profile, check the interlocks, publish with a deadline, wait for the agent's
/// reply, answer. Idempotent commands are re-sent (same command id, which agents deduplicate) when a reply is late;
/// others are sent exactly once. Each instrument has a circuit breaker: after repeated timeouts it is marked degraded
/// and further commands are refused at once until a trial succeeds. Every command, refused or not, is audited.
/// </summary>
public sealed class CommandService(
    InstrumentRegistry registry,
    IProfileCatalog profiles,
    LeaseService leases,
    JobService jobs,
    LiteDbStore store,
    IServiceProvider services,
    TimeProvider time,
    ILogger<CommandService> logger)
{
    readonly ConcurrentDictionary<string, TaskCompletionSource<CommandReply>> _pending = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Breaker> _breakers = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<CommandDefinition, ResiliencePipeline> _attempts = new(ReferenceEqualityComparer.Instance);
    IHubTransport? _transport;

    IHubTransport Transport => _transport ??= (IHubTransport)services.GetService(typeof(IHubTransport))!;

    sealed class CommandTimeoutException : Exception;

    sealed record Breaker(ResiliencePipeline Pipeline, CircuitBreakerStateProvider State);

    /// <summary>Null when the instrument answers commands, otherwise why staff should not count on it.</summary>
    public string? DegradedReason(string instrumentId) =>
        _breakers.TryGetValue(instrumentId, out var breaker) && breaker.State.CircuitState is CircuitState.Open or CircuitState.Isolated
            ? "recent commands were not answered in time; new commands are refused until the instrument answers again"
            : null;

    public async Task<CommandOutcome> ExecuteAsync(string instrumentId, string name, JsonElement? parameters, Caller caller, string? leaseId,
        CancellationToken cancellationToken)
    {
        var outcome = await RunAsync(instrumentId, name, parameters, caller, leaseId, cancellationToken).ConfigureAwait(false);
        if (registry.Find(instrumentId) is not null)
        {
            await AuditAsync(instrumentId, name, parameters, caller, leaseId, outcome).ConfigureAwait(false);
        }

        return outcome;
    }

    async Task<CommandOutcome> RunAsync(string instrumentId, string name, JsonElement? parameters, Caller caller, string? leaseId,
        CancellationToken cancellationToken)
    {
        if (registry.Find(instrumentId) is not { } instrument)
        {
            return CommandOutcome.Refused(404, "not_found", $"instrument `{instrumentId}` does not exist");
        }

        var record = instrument.Record;
        var profile = instrument.Profile ?? profiles.Find(record.ProfileId, record.ProfileVersion)
            ?? profiles.All.FirstOrDefault(p => p.Id == record.ProfileId);
        if (profile?.Commands.FirstOrDefault(c => c.Name == name) is not { } command)
        {
            return CommandOutcome.Refused(404, "unknown_command",
                $"profile `{profile?.Key ?? record.ProfileId}` declares no command `{name}` (declared: {string.Join(", ", profile?.Commands.Select(c => c.Name) ?? [])})");
        }

        if (command.Safety == SafetyClass.AdminOnly && caller.Role != Roles.Admin)
        {
            return CommandOutcome.Refused(403, "forbidden", $"command `{name}` of profile `{profile.Key}` is for admins only");
        }

        var problems = new List<ValidationError>();
        var prepared = Parameters.Prepare(command.Parameters, parameters, $"command `{name}` of profile `{profile.Key}`", "", problems);
        if (prepared is null)
        {
            var first = problems[0];
            return CommandOutcome.Refused(400, first.Code, first.Message, first.Field);
        }

        if (Interlock(instrument, command, caller, leaseId) is { } refused)
        {
            return refused;
        }

        if (DegradedReason(instrumentId) is { } degraded)
        {
            return CommandOutcome.Refused(503, "instrument_degraded", $"instrument `{instrumentId}` is degraded: {degraded}");
        }

        return await SendAsync(instrumentId, command, JsonSerializer.SerializeToElement(prepared), caller, cancellationToken).ConfigureAwait(false);
    }

    CommandOutcome? Interlock(InstrumentRuntime instrument, CommandDefinition command, Caller caller, string? leaseId)
    {
        var record = instrument.Record;
        var id = record.Id;
        if (!record.Online)
        {
            return CommandOutcome.Refused(503, "instrument_offline", $"instrument `{id}` is offline; the command was not sent");
        }

        if (command.Safety == SafetyClass.AlwaysAllowed)
        {
            return null; // emergency stop and the like: any staff member, any time, lease or not
        }

        var lease = leases.Current(id);
        if (lease is null)
        {
            return CommandOutcome.Refused(409, leaseId is null ? "lease_required" : "lease_expired", leaseId is null
                ? $"command `{command.Name}` needs the control lease of `{id}`: take it with POST /api/v1/instruments/{id}/lease and send its id in X-Lease-Id"
                : $"the control lease on `{id}` has expired or was released; take it again");
        }

        if (lease.Holder != caller.Id || lease.LeaseId != leaseId)
        {
            return CommandOutcome.Refused(409, lease.Holder != caller.Id ? "lease_not_yours" : "lease_required", lease.Holder != caller.Id
                ? $"instrument `{id}` is under the control of {lease.Holder} until {lease.ExpiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'}"
                : $"send the id of your lease on `{id}` in X-Lease-Id");
        }

        if (record.Status == "local")
        {
            return CommandOutcome.Refused(409, "local_control", $"instrument `{id}` is under local control at the instrument; remote actuation is refused");
        }

        if (jobs.JobOn(id) is { } jobId && jobs.Find(jobId) is { } running
            && !(command.SafeDuringJob && running.Job.Operator == caller.Id))
        {
            return CommandOutcome.Refused(409, "job_running", command.SafeDuringJob
                ? $"job {jobId} is running on `{id}`; only its operator ({running.Job.Operator ?? "none"}) may send `{command.Name}` during it"
                : $"job {jobId} is running on `{id}`; `{command.Name}` is not allowed during a job (emergency stop is)");
        }

        return null;
    }

    async Task<CommandOutcome> SendAsync(string instrumentId, CommandDefinition command, JsonElement parameters, Caller caller,
        CancellationToken cancellationToken)
    {
        var commandId = Guid.NewGuid().ToString("N");
        var replyTo = Topics.Replies(instrumentId);
        var started = time.GetTimestamp();
        var request = ProtocolJson.Serialize(new CommandRequest
        {
            CommandId = commandId,
            Name = command.Name,
            Parameters = parameters,
            IssuedBy = caller.Actor,
            JobId = jobs.JobOn(instrumentId),
            ReplyTo = replyTo,
            Deadline = time.GetUtcNow() + command.Timeout,
        });
        var correlation = Encoding.UTF8.GetBytes(commandId);
        var reply = new TaskCompletionSource<CommandReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[commandId] = reply;
        var attempts = 0;
        try
        {
            var breaker = _breakers.GetOrAdd(instrumentId, _ => NewBreaker());
            var answer = await breaker.Pipeline.ExecuteAsync(async token => await Attempts(command).ExecuteAsync(async attemptToken =>
            {
                Interlocked.Increment(ref attempts);
                await Transport.PublishAsync(Topics.Commands(instrumentId), request, qos: 1, responseTopic: replyTo, correlationData: correlation,
                    cancellationToken: attemptToken).ConfigureAwait(false);
                return await reply.Task.WaitAsync(attemptToken).ConfigureAwait(false);
            }, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

            var latency = time.GetElapsedTime(started).TotalMilliseconds;
            return answer.Status switch
            {
                "completed" => new CommandOutcome { CommandId = commandId, Result = answer.Result, LatencyMs = latency, Attempts = attempts },
                "rejected" => CommandOutcome.Refused(502, "command_rejected",
                    $"`{instrumentId}` refused `{command.Name}`: {answer.Error?.Code}: {answer.Error?.Message}") with { CommandId = commandId, LatencyMs = latency, Attempts = attempts },
                _ => CommandOutcome.Refused(502, "command_failed",
                    $"`{command.Name}` failed on `{instrumentId}`: {answer.Error?.Code}: {answer.Error?.Message}") with { CommandId = commandId, LatencyMs = latency, Attempts = attempts },
            };
        }
        catch (TimeoutRejectedException)
        {
            logger.LogWarning("Command {Command} ({CommandId}) to {Instrument} not answered within {Timeout}", command.Name, commandId, instrumentId, command.Timeout);
            return CommandOutcome.Refused(504, "command_timeout",
                $"`{instrumentId}` did not answer `{command.Name}` within its deadline of {command.Timeout.TotalSeconds:0.###} s ({attempts} {(attempts == 1 ? "attempt" : "attempts")}{(command.Idempotent ? "" : "; not repeated: the command is not idempotent")})")
                with { CommandId = commandId, Attempts = attempts, LatencyMs = time.GetElapsedTime(started).TotalMilliseconds };
        }
        catch (BrokenCircuitException)
        {
            return CommandOutcome.Refused(503, "instrument_degraded", $"instrument `{instrumentId}` is degraded: {DegradedReason(instrumentId)}");
        }
        finally
        {
            _pending.TryRemove(commandId, out _);
        }
    }

    /// <summary>The whole deadline for every command; within it, idempotent ones are sent up to three times. Built once per command.</summary>
    ResiliencePipeline Attempts(CommandDefinition command) => _attempts.GetOrAdd(command, BuildAttempts);

    ResiliencePipeline BuildAttempts(CommandDefinition command)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(command.Timeout);
        if (command.Idempotent)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder().Handle<TimeoutRejectedException>(),
            }).AddTimeout(command.Timeout / 3);
        }

        return builder.Build();
    }

    Breaker NewBreaker()
    {
        var state = new CircuitBreakerStateProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 3,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = TimeSpan.FromSeconds(30),
                ShouldHandle = new PredicateBuilder().Handle<TimeoutRejectedException>(),
                StateProvider = state,
            })
            .Build();
        return new Breaker(pipeline, state);
    }

    /// <summary>A reply from an agent; only the instrument a command went to can answer it.</summary>
    public void OnReply(string instrumentId, CommandReply reply)
    {
        if (_pending.TryGetValue(reply.CommandId, out var pending))
        {
            pending.TrySetResult(reply);
        }
        else
        {
            logger.LogInformation("Reply from {Instrument} to command {CommandId} that is no longer awaited", instrumentId, reply.CommandId);
        }
    }

    async Task AuditAsync(string instrumentId, string name, JsonElement? parameters, Caller caller, string? leaseId, CommandOutcome outcome)
    {
        var details = JsonSerializer.Serialize(new
        {
            parameters = parameters is { ValueKind: JsonValueKind.Object } p ? p : (JsonElement?)null,
            lease = leaseId,
            commandId = outcome.CommandId,
            outcome = outcome.Ok ? "completed" : outcome.Code,
            message = outcome.Message,
            latencyMs = Math.Round(outcome.LatencyMs, 3),
            attempts = outcome.Attempts,
        });
        try
        {
            await store.AppendAuditAsync(new AuditEntry
            {
                Ts = time.GetUtcNow(),
                Actor = caller.Actor,
                OnBehalfOf = caller.OnBehalfOf,
                Action = "command." + name,
                InstrumentId = instrumentId,
                Target = outcome.CommandId ?? name,
                Details = details,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Audit of command {Command} on {Instrument} by {Actor} could not be stored", name, instrumentId, caller.Actor);
            throw;
        }
    }
}
