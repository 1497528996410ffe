using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using SmartLab.Agent.Commands;
using SmartLab.Agent.Internal;
using SmartLab.Agent.Parameters;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent;

public abstract partial class InstrumentAgent
{
    readonly ConcurrentDictionary<string, (CommandHandler Handler, bool AllowedInLocal)> _commands = new(StringComparer.Ordinal);

    // First outcome of each recent command id; a Task so a repeat that arrives while the first still runs waits for it.
    readonly LruCache<string, Task<CommandReply>> _commandOutcomes;

    /// <summary>
    /// Registers the handler of command <paramref name="name"/> (as declared in the device profile); registering a name
    /// again replaces the handler. Commands run concurrently with each other and with a running job.
    /// </summary>
    /// <param name="name">Command name.</param>
    /// <param name="handler">Carries the command out.</param>
    /// <param name="allowedInLocalMode">
    /// True for commands that stay allowed while an operator has local control (<see cref="InstrumentStatus.Local"/>),
    /// such as an emergency stop; all others are then rejected with <c>LOCAL_CONTROL</c>.
    /// </param>
    protected void RegisterCommand(string name, CommandHandler handler, bool allowedInLocalMode = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        _commands[name] = (handler, allowedInLocalMode);
    }

    async Task HandleCommandAsync(byte[] payload, string? responseTopic, byte[]? correlationData)
    {
        var request = Parse<CommandRequest>(payload, Topics.Commands(InstrumentId));
        if (request is null)
        {
            return;
        }

        if (!ProtocolConstants.IsValidMessageId(request.CommandId))
        {
            Logger.LogWarning("{InstrumentId} ignores command '{Name}' with invalid id '{CommandId}'", InstrumentId, request.Name, request.CommandId);
            return;
        }

        var outcome = _commandOutcomes.GetOrAdd(request.CommandId, _ => Task.Run(() => ExecuteCommandAsync(request)), out var first);
        if (!first)
        {
            Logger.LogInformation("{InstrumentId} has seen command {CommandId} before: answering with its first outcome", InstrumentId, request.CommandId);
        }

        var reply = await outcome.ConfigureAwait(false);
        var replyTo = !string.IsNullOrWhiteSpace(request.ReplyTo) ? request.ReplyTo
            : !string.IsNullOrWhiteSpace(responseTopic) ? responseTopic
            : Topics.Replies(InstrumentId);
        var sent = await PublishCoreAsync(null, replyTo, ProtocolJson.Serialize(reply), MqttQualityOfServiceLevel.AtLeastOnce,
            retain: false, CancellationToken.None, correlationData).ConfigureAwait(false);
        if (sent is null)
        {
            Logger.LogWarning("{InstrumentId} could not send the reply to command {CommandId}; a repeat of the command gets it", InstrumentId, request.CommandId);
        }
    }

    async Task<CommandReply> ExecuteCommandAsync(CommandRequest request)
    {
        var result = await RunCommandHandlerAsync(request).ConfigureAwait(false);
        var status = result.Outcome switch
        {
            CommandOutcome.Completed => "completed",
            CommandOutcome.Rejected => "rejected",
            _ => "failed",
        };
        Logger.LogInformation("{InstrumentId} command {Name} ({CommandId}) from {IssuedBy}: {Status} {Error}",
            InstrumentId, request.Name, request.CommandId, request.IssuedBy, status, result.Error?.Message);
        return new CommandReply { CommandId = request.CommandId, Status = status, Result = result.Result, Error = result.Error };
    }

    async Task<CommandResult> RunCommandHandlerAsync(CommandRequest request)
    {
        var now = TimeProvider.GetUtcNow();
        if (request.Deadline is { } deadline && deadline < now)
        {
            return CommandResult.Rejected("DEADLINE_EXPIRED",
                $"command `{request.Name}` reached {InstrumentId} after its deadline {Rfc3339TimestampConverter.ToWire(deadline)}; nothing was done");
        }

        if (!_commands.TryGetValue(request.Name, out var registration))
        {
            return CommandResult.Rejected("UNKNOWN_COMMAND",
                $"instrument {InstrumentId} ({Options.ProfileId}@{Options.ProfileVersion}) has no command `{request.Name}`");
        }

        if (_status == InstrumentStatus.Local && !registration.AllowedInLocal)
        {
            return CommandResult.Rejected("LOCAL_CONTROL",
                $"an operator has local control of {InstrumentId}; command `{request.Name}` is refused until control is handed back");
        }

        var context = new CommandContext(request.CommandId, request.Name, new ParameterSet(request.Parameters, $"command `{request.Name}`"),
            request.IssuedBy, request.JobId, request.Deadline);
        try
        {
            return await registration.Handler(context, _stoppingToken).ConfigureAwait(false)
                ?? CommandResult.Failed("COMMAND_FAILED", $"the handler of `{request.Name}` returned no result");
        }
        catch (ParameterException ex)
        {
            return CommandResult.Rejected(ParameterException.Code, ex.Message);
        }
        catch (OperationCanceledException) when (_stoppingToken.IsCancellationRequested)
        {
            return CommandResult.Failed("AGENT_STOPPING", $"{InstrumentId} stopped while running `{request.Name}`");
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "command {Name} ({CommandId}) failed on {InstrumentId}", request.Name, request.CommandId, InstrumentId);
            return CommandResult.Failed("COMMAND_FAILED", $"`{request.Name}` failed on {InstrumentId}: {ex.Message}");
        }
    }
}
