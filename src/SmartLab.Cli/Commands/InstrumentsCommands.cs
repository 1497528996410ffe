using System.CommandLine;
using SmartLab.Cli.Instruments;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Commands;

/// <summary><c>smartlab instruments …</c>: what the lab's instruments are doing, and their live readings.</summary>
internal static class InstrumentsCommands
{
    /// <summary>The longest <c>--seconds</c>: 30 days, well inside what a timer can wait.</summary>
    const int MaxSeconds = 30 * 24 * 3600;

    public static Command Create(CliContext context)
    {
        var instruments = new Command("instruments", "list instruments with their status, job and lease; watch live telemetry");
        instruments.Subcommands.Add(List(context));
        instruments.Subcommands.Add(Watch(context));
        return instruments;
    }

    internal static Argument<string> InstrumentId() => new("id") { Description = "instrument id, for example furnace-01" };

    static Command List(CliContext context)
    {
        var limit = new Option<int?>("--limit") { Description = "instruments per page (1–1000; the hub's default otherwise)", HelpName = "n" };
        var cursor = new Option<string?>("--cursor") { Description = "continue after a previous page", HelpName = "cursor" };
        var allPages = new Option<bool>("--all-pages") { Description = "fetch every page, not just the first" };
        var json = CliContext.JsonOption();
        var command = new Command("list", "instruments: online or not, status, current job, lease holder, last telemetry") { limit, cursor, allPages, json };
        command.Aliases.Add("ls");
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var hub = connect();
            var (items, next) = await Paging.CollectAsync(c => hub.ListInstrumentsAsync(parse.GetValue(limit), c, cancellationToken),
                parse.GetValue(cursor), parse.GetValue(allPages));
            if (parse.GetValue(json))
            {
                Formats.WriteJson(context.Console.Out, new Page<InstrumentView>(items, next));
                return ExitCodes.Success;
            }

            var table = Tables.Create(context.Console, "ID", "PROFILE", "STATUS", "JOB", "LEASE", "LAST TELEMETRY");
            foreach (var instrument in items)
            {
                Tables.AddRow(table, instrument.Id,
                    instrument.ProfileVersion is { } version ? $"{instrument.Profile}@{version}" : instrument.Profile,
                    Status(instrument), instrument.CurrentJob, Lease(instrument, context.Time),
                    Formats.Time(instrument.LastTelemetry?.Ts, context.Time));
            }

            Paging.Write(context.Console, table, items.Count, next, "instruments");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// The hub says <c>offline</c> for an instrument whose agent is gone, why one is <c>unusable</c>, and when commands
    /// to it are refused for now because it stopped answering them (degraded).
    /// </summary>
    static string Status(InstrumentView instrument)
    {
        var status = instrument.UnusableReason is { } reason ? $"unusable: {reason}" : instrument.Status ?? (instrument.Online ? "online" : "offline");
        return instrument.Degraded is null ? status : status + ", degraded";
    }

    /// <summary>Leases last at most an hour, so the time of day says enough.</summary>
    static string? Lease(InstrumentView instrument, TimeProvider time) =>
        instrument.LeaseHolder is not { } holder ? null
        : instrument.LeaseExpiresAt is { } until ? $"{holder} until {Formats.Clock(until, time)}"
        : holder;

    static Command Watch(CliContext context)
    {
        var id = InstrumentId();
        var count = new Option<int?>("--count") { Description = "stop after this many readings (exit code 0)", HelpName = "n" };
        var seconds = new Option<double?>("--seconds") { Description = "stop after this many seconds (exit code 0 if any reading came)", HelpName = "s" };
        var json = new Option<bool>("--json") { Description = "print each reading as one JSON object per line ({ts, values})" };
        var command = new Command("watch", "live telemetry: a table of the latest value of each channel, updated in place; redirected, one line per reading")
        {
            id, count, seconds, json,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, connect =>
        {
            var n = parse.GetValue(count);
            if (n is <= 0)
            {
                throw new UsageException("--count must be at least 1");
            }

            var s = parse.GetValue(seconds);
            if (s is { } limit && !(limit > 0 && limit <= MaxSeconds))
            {
                throw new UsageException($"--seconds must be more than 0 and at most {MaxSeconds} (30 days)");
            }

            return new TelemetryWatcher(connect(), context.Console, context.Time)
                .WatchAsync(parse.GetValue(id)!, n, s is { } t ? TimeSpan.FromSeconds(t) : null, parse.GetValue(json), cancellationToken);
        }));
        return command;
    }
}
