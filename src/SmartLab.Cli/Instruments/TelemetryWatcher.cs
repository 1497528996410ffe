using System.Globalization;
using System.Text.Json;
using SmartLab.Cli.Http;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;
using Spectre.Console;

namespace SmartLab.Cli.Instruments;

/// <summary>
/// Follows an instrument's live telemetry. On a terminal a table of channel → latest value (with the profile's units)
/// is redrawn in place; redirected, each reading is one plain line (or one JSON object). It stops after
/// <c>count</c> readings, after <c>duration</c>, or on Ctrl+C; a stream that breaks (hub restart) is reopened.
/// </summary>
internal sealed class TelemetryWatcher(HubClient hub, CliConsole console, TimeProvider time)
{
    /// <summary>Reconnections in a row, without a reading in between, before giving up.</summary>
    const int MaxReconnects = 5;

    /// <summary>
    /// Watches <paramref name="instrumentId"/>. Returns <see cref="ExitCodes.Success"/> when <paramref name="count"/>
    /// readings arrived or <paramref name="duration"/> passed with at least one reading; none at all is a failure.
    /// </summary>
    public async Task<int> WatchAsync(string instrumentId, int? count, TimeSpan? duration, bool json, CancellationToken cancellationToken)
    {
        var instrument = await hub.GetInstrumentAsync(instrumentId, cancellationToken);
        var board = new TelemetryBoard(instrument.Id, await ChannelsAsync(instrument, cancellationToken), time);
        if (!instrument.Online)
        {
            console.Error.WriteLine($"warning: {instrument.Id} is offline; waiting for its readings");
        }

        using var stop = duration is { } d ? new CancellationTokenSource(d, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop.Token);
        try
        {
            if (console.Interactive && !json)
            {
                await console.Ansi.Live(board.Render()).AutoClear(false).StartAsync(live =>
                    FollowAsync(instrument.Id, board, count, _ => live.UpdateTarget(board.Render()), linked.Token));
            }
            else
            {
                await FollowAsync(instrument.Id, board, count, reading =>
                    console.Out.WriteLine(json ? JsonSerializer.Serialize(reading, CliJson.Options) : board.Line(reading)), linked.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // --seconds ran out: a normal end.
        }

        // Only --seconds can end the watch before a reading came.
        if (board.Readings == 0)
        {
            var seconds = duration?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw new CliException($"no readings from {instrument.Id} within {seconds} s{(instrument.Online ? "" : " (it is offline)")}", ExitCodes.Failed);
        }

        return ExitCodes.Success;
    }

    /// <summary>The profile's channels with units; without them the values are still shown, so a missing profile only warns.</summary>
    async Task<IReadOnlyList<ProfileView.Channel>> ChannelsAsync(InstrumentView instrument, CancellationToken cancellationToken)
    {
        foreach (var version in instrument.ProfileVersion is null ? [null] : new[] { instrument.ProfileVersion, null })
        {
            try
            {
                return (await hub.GetProfileAsync(instrument.Profile, version, cancellationToken)).Telemetry ?? [];
            }
            catch (HubProblemException e) when (e.Problem.Status == 404)
            {
            }
        }

        console.Error.WriteLine($"warning: the hub does not have profile `{instrument.Profile}` of {instrument.Id}; showing values without units");
        return [];
    }

    async Task FollowAsync(string instrumentId, TelemetryBoard board, int? count, Action<LastTelemetry> show, CancellationToken cancellationToken)
    {
        var reconnects = 0;
        while (true)
        {
            try
            {
                await foreach (var reading in hub.WatchTelemetryAsync(instrumentId, cancellationToken))
                {
                    reconnects = 0;
                    board.Add(reading);
                    show(reading);
                    if (board.Readings >= count)
                    {
                        return;
                    }
                }
            }
            catch (HubUnreachableException) when (board.Readings > 0 && reconnects < MaxReconnects)
            {
                // Readings were flowing: wait and reconnect below. A hub that never streamed fails at once.
            }

            if (++reconnects > MaxReconnects)
            {
                throw new CliException($"the telemetry stream of {instrumentId} keeps ending; last reading {(board.LastAt is { } at ? Formats.Time(at, time) : "none")}",
                    ExitCodes.Unreachable);
            }

            await Task.Delay(TimeSpan.FromSeconds(reconnects), time, cancellationToken);
        }
    }
}
