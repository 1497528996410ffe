using System.Collections.Concurrent;
using System.Diagnostics;

namespace SmartLab.Bench.Load;

/// <summary>
/// The load generator's engine: one thread on the generator core that never sleeps while a benchmark runs. Each sweep
/// reads every load connection without blocking, lets the loads react, and runs the pumps that produce new messages.
/// Because this thread is always running, a peer never has to wake it up to deliver a packet: on a virtual machine
/// where waking a halted core costs tens of microseconds, that keeps the generator's cost per message at a few
/// microseconds and leaves the peer as what is measured. Busy time is the time the loop spends doing work: building,
/// sending and parsing messages, not polling sockets that had nothing to read. It is what the loop's load would be if
/// it waited for readiness instead of polling, and how close the generator came to being the bottleneck.
/// </summary>
public sealed class GeneratorLoop : IDisposable
{
    readonly List<MqttConnection> _connections = [];
    readonly List<IPump> _pumps = [];
    readonly ConcurrentQueue<Action> _actions = new();
    readonly Thread _thread;
    volatile bool _stopping;
    long _busyTicks;

    public GeneratorLoop()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "bench-generator-loop" };
        _thread.Start();
    }

    /// <summary>Stopwatch ticks spent in sweeps that moved data.</summary>
    public long BusyTicks => Interlocked.Read(ref _busyTicks);

    /// <summary>Share of wall time since <paramref name="since"/> (a <see cref="Mark"/>) that sweeps spent moving data, percent.</summary>
    public double BusyPercentSince((long Busy, long Wall) since)
    {
        var wall = Stopwatch.GetTimestamp() - since.Wall;
        return wall <= 0 ? 0 : (BusyTicks - since.Busy) * 100.0 / wall;
    }

    public (long Busy, long Wall) Mark() => (BusyTicks, Stopwatch.GetTimestamp());

    public void Add(MqttConnection connection) => _actions.Enqueue(() => _connections.Add(connection));

    public Task RemoveAsync(MqttConnection connection) => InvokeAsync(() => _connections.Remove(connection));

    public Task AddPumpAsync(IPump pump) => InvokeAsync(() => _pumps.Add(pump));

    public Task RemovePumpAsync(IPump pump) => InvokeAsync(() => _pumps.Remove(pump));

    /// <summary>Runs <paramref name="action"/> on the loop's thread between two sweeps.</summary>
    public Task InvokeAsync(Action action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _actions.Enqueue(() =>
        {
            try
            {
                action();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    static readonly long PauseTicks = Stopwatch.Frequency * 3 / 1_000_000;

    void Run()
    {
        long idleSweeps = 0;
        while (!_stopping)
        {
            while (_actions.TryDequeue(out var action))
            {
                action();
            }

            var started = Stopwatch.GetTimestamp();
            var progress = false;
            long polling = 0;
            foreach (var connection in _connections)
            {
                progress |= connection.Poll(ref polling);
            }

            foreach (var pump in _pumps)
            {
                progress |= pump.Pump();
            }

            if (progress)
            {
                Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - started - polling);
            }
            else if (++idleSweeps % 64 == 0)
            {
                // Let the runner's other threads (HTTP to the hub, timers) have the core; stay runnable.
                Thread.Yield();
            }
            else
            {
                // Pause a few microseconds without a system call before polling again: a receive takes the socket's lock,
                // and polling one socket back to back would contend with the peer's core delivering into it.
                var pauseUntil = Stopwatch.GetTimestamp() + PauseTicks;
                while (Stopwatch.GetTimestamp() < pauseUntil)
                {
                    Thread.SpinWait(10);
                }
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }
}
