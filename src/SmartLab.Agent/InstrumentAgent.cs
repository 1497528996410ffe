using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using SmartLab.Agent.Internal;
using SmartLab.Contracts.Payloads;

namespace SmartLab.Agent;

/// <summary>
/// Base class of an instrument agent: connects an instrument to the SmartLab hub over MQTT (protocol v1) and keeps it
/// connected. Subclass it, register commands (<see cref="RegisterCommand"/>) and methods (<see cref="RegisterMethod"/>
/// or override <see cref="RunJobAsync"/>), publish readings from <see cref="RunInstrumentAsync"/>, and call
/// <see cref="RunAsync"/> (or host it with <see cref="Hosting.AgentHostedService"/>).
/// </summary>
/// <remarks>
/// The SDK takes care of the protocol: a session counter on disk, will and birth, reconnection with exponential
/// back-off, command de-duplication, job status and leases, and a persistent outbox that re-sends measurements and
/// files until the hub acknowledges them. All public members are safe to call from any thread.
/// </remarks>
public abstract partial class InstrumentAgent : IAsyncDisposable
{
    readonly MqttClientFactory _mqtt = new();
    readonly SessionCounter _sessions;
    readonly Outbox _outbox;
    readonly CancellationTokenSource _lifetime = new();
    readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ConcurrentDictionary<Task, byte> _background = new();
    readonly FileStream _directoryLock;
    AgentConnection? _connection;
    CancellationToken _stoppingToken;
    int _runState;
    volatile bool _disposed;

    /// <summary>Creates the agent; validates <paramref name="options"/> and opens the state directory (session counter, outbox).</summary>
    /// <param name="options">Connection, identity and outbox settings.</param>
    /// <param name="loggerFactory">Where log messages go; none when null.</param>
    /// <param name="timeProvider">Clock for timestamps, leases and delays; the system clock when null.</param>
    protected InstrumentAgent(AgentOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(GetType().FullName ?? nameof(InstrumentAgent));
        StateDirectory = options.ResolveStateDirectory();
        Directory.CreateDirectory(StateDirectory);
        _directoryLock = LockStateDirectory(StateDirectory);
        try
        {
            _sessions = new SessionCounter(Path.Combine(StateDirectory, "session"));
            _outbox = new Outbox(Path.Combine(StateDirectory, "outbox"), Logger);
        }
        catch
        {
            _directoryLock.Dispose();
            throw;
        }

        _commandOutcomes = new LruCache<string, Task<CommandReply>>(options.CommandMemory);
        _stoppingToken = _lifetime.Token;
    }

    /// <summary>The instrument id this agent connects as.</summary>
    public string InstrumentId => Options.InstrumentId;

    /// <summary>Where the session counter and the outbox live; held exclusively by this agent until it is disposed.</summary>
    public string StateDirectory { get; }

    /// <summary>True while connected to the broker and born (birth published).</summary>
    public bool IsConnected => Volatile.Read(ref _connection)?.IsUp == true;

    /// <summary>Session number of the current connection; the last one used when disconnected (0 before the first).</summary>
    public long Session => Volatile.Read(ref _connection)?.Session ?? _sessions.Current;

    /// <summary>The settings the agent was created with (do not change them after construction).</summary>
    protected AgentOptions Options { get; }

    /// <summary>The agent's logger.</summary>
    protected ILogger Logger { get; }

    /// <summary>The agent's clock: use it for every timestamp and delay.</summary>
    protected TimeProvider TimeProvider { get; }

    /// <summary>Cancelled when the agent stops.</summary>
    protected CancellationToken StoppingToken => _stoppingToken;

    /// <summary>
    /// Connects and stays connected until <paramref name="cancellationToken"/> fires or the agent is stopped or disposed;
    /// then aborts a running job, publishes the offline state and disconnects. An agent runs once.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _runState, 1, 0) != 0)
        {
            throw new InvalidOperationException("this agent has already been started; an agent runs once");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var stopping = linked.Token;
        _stoppingToken = stopping;
        var instrument = Task.CompletedTask;
        try
        {
            Logger.LogInformation("agent for {InstrumentId} ({ProfileId}@{ProfileVersion}) starting; broker {Host}:{Port}, state in {StateDirectory}",
                InstrumentId, Options.ProfileId, Options.ProfileVersion, Options.BrokerHost, Options.BrokerPort, StateDirectory);
            instrument = RunInstrumentLoopAsync(stopping);
            await ConnectionLoopAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Normal stop.
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await ShutdownAsync(instrument).ConfigureAwait(false);
            _stopped.TrySetResult();
            Logger.LogInformation("agent for {InstrumentId} stopped", InstrumentId);
        }
    }

    /// <summary>Starts <see cref="RunAsync"/> in the background and returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Volatile.Read(ref _runState) != 0)
        {
            throw new InvalidOperationException("this agent has already been started; an agent runs once");
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Logger.LogError(ex, "agent for {InstrumentId} stopped with an error", InstrumentId);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the agent (see <see cref="RunAsync"/>) and waits until it has disconnected.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _runState) != 0)
        {
            await _stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the agent and releases its resources.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        await DisposeAsyncCore().ConfigureAwait(false);
        await _directoryLock.DisposeAsync().ConfigureAwait(false);
        _lifetime.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The instrument's own loop, run beside the connection from start to stop: poll the hardware, publish telemetry with
    /// <see cref="PublishTelemetryAsync"/>. Return or throw <see cref="OperationCanceledException"/> when
    /// <paramref name="stoppingToken"/> fires. Publishing while disconnected is allowed: telemetry is then dropped.
    /// </summary>
    protected virtual Task RunInstrumentAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    /// <summary>Releases what a subclass holds; called once by <see cref="DisposeAsync"/> after the agent stopped.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;

    /// <summary>Two agents sharing a state directory would corrupt the session counter and send each other's outbox twice.</summary>
    static FileStream LockStateDirectory(string directory)
    {
        var path = Path.Combine(directory, ".lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"the state directory {directory} is in use by another agent; give every instrument its own StateDirectory", ex);
        }
    }

    async Task RunInstrumentLoopAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Run(() => RunInstrumentAsync(stopping), stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Normal stop.
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "the instrument loop of {InstrumentId} failed; the agent stays connected and reports status error", InstrumentId);
            await SetStatusAsync(InstrumentStatus.Error, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="work"/> without blocking the MQTT receive loop; failures are logged, shutdown waits for it.</summary>
    Task RunInBackground(Func<Task> work, string what)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stoppingToken.IsCancellationRequested)
            {
                // Stopping.
            }
            catch (Exception ex)
            {
                Logger.LogError(ex, "{What} failed on {InstrumentId}", what, InstrumentId);
            }
        }, CancellationToken.None);
        _background.TryAdd(task, 0);
        _ = task.ContinueWith(t => _background.TryRemove(t, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    async Task ShutdownAsync(Task instrumentLoop)
    {
        var timeout = Options.ShutdownTimeout;
        await AbortActiveJobAsync("the agent is stopping", timeout).ConfigureAwait(false);
        await WaitQuietlyAsync(instrumentLoop, timeout, "the instrument loop").ConfigureAwait(false);
        await WaitQuietlyAsync(Task.WhenAll(_background.Keys), timeout, "background work").ConfigureAwait(false);

        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is null)
        {
            return;
        }

        if (connection.IsUp)
        {
            // A clean DISCONNECT discards the will, so say offline ourselves (retained, like the will would).
            var death = new StatePayload { Online = false, Session = connection.Session, Ts = TimeProvider.GetUtcNow() };
            await PublishCoreAsync(connection, Contracts.Protocol.Topics.State(InstrumentId), Contracts.Json.ProtocolJson.Serialize(death),
                MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, retain: true, CancellationToken.None).ConfigureAwait(false);
            try
            {
                using var cts = new CancellationTokenSource(Options.OperationTimeout);
                await connection.Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Logger.LogDebug(ex, "disconnect of {InstrumentId} was not clean", InstrumentId);
            }
        }

        connection.MarkClosed();
        connection.Client.Dispose();
    }

    async Task WaitQuietlyAsync(Task task, TimeSpan timeout, string what)
    {
        try
        {
            // Real time on purpose: a safety net that must fire even when a test drives the agent with a fake clock.
            await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Logger.LogWarning("{What} of {InstrumentId} did not finish within {Timeout} while stopping", what, InstrumentId, timeout);
        }
        catch (Exception ex)
        {
            Logger.LogDebug(ex, "{What} of {InstrumentId} ended with an error while stopping", what, InstrumentId);
        }
    }
}
