using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SmartLab.Cli.Control;
using SmartLab.Cli.Http;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Jobs;
using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Commands;

/// <summary>
/// <c>smartlab control …</c>: staff operate an instrument remotely. <c>acquire</c> takes its control lease and remembers
/// the lease id, so <c>cmd</c>, <c>renew</c> and <c>release</c> need not be told it.
/// </summary>
internal static class ControlCommands
{
    public static Command Create(CliContext context)
    {
        var control = new Command("control", "staff: take an instrument's control lease and run commands on it");
        control.Subcommands.Add(Acquire(context));
        control.Subcommands.Add(Status(context));
        control.Subcommands.Add(Renew(context));
        control.Subcommands.Add(Release(context));
        control.Subcommands.Add(Cmd(context));
        return control;
    }

    static Option<string?> LeaseOption() => new("--lease")
    {
        Description = "the lease id to send (default: the one `control acquire` stored for this hub and account)",
        HelpName = "leaseId",
    };

    static Option<int?> DurationOption(string what) => new("--duration") { Description = what, HelpName = "seconds" };

    static RemoteControl Remote(CliContext context, HubClient hub) => new(hub, context.Leases(), context.Console.Error);

    static Command Acquire(CliContext context)
    {
        var id = InstrumentsCommands.InstrumentId();
        var purpose = new Option<string?>("--purpose") { Description = "what you are doing, shown to other staff", HelpName = "text" };
        var duration = DurationOption("how long the lease lasts unless renewed (the hub's default otherwise)");
        var json = CliContext.JsonOption();
        var command = new Command("acquire", "take the instrument's control lease (exclusive remote control); prints the lease id and expiry and stores the id")
        {
            id, purpose, duration, json,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var (lease, renewed) = await Remote(context, connect()).AcquireAsync(parse.GetValue(id)!, parse.GetValue(purpose), parse.GetValue(duration), cancellationToken);
            WriteLease(context, parse.GetValue(json), lease, renewed ? "held already, renewed" : null);
            return ExitCodes.Success;
        }));
        return command;
    }

    static Command Status(CliContext context)
    {
        var id = InstrumentsCommands.InstrumentId();
        var json = CliContext.JsonOption();
        var command = new Command("status", "who holds the instrument's control lease, until when, and whether it is the one stored here") { id, json };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var hub = connect();
            var instrument = parse.GetValue(id)!;
            var lease = await hub.GetLeaseAsync(instrument, cancellationToken);
            if (parse.GetValue(json))
            {
                context.Console.Out.WriteLine(lease is null ? "null" : JsonSerializer.Serialize(lease, CliJson.Indented));
                return ExitCodes.Success;
            }

            if (lease is null)
            {
                context.Console.Out.WriteLine($"{instrument}: no lease");
                return ExitCodes.Success;
            }

            var stored = Remote(context, hub).Stored(instrument);
            WriteLease(context, json: false, lease, stored?.LeaseId == lease.LeaseId ? "yours, stored here" : null);
            return ExitCodes.Success;
        }));
        return command;
    }

    static Command Renew(CliContext context)
    {
        var id = InstrumentsCommands.InstrumentId();
        var duration = DurationOption("the new lease time from now (the hub's default otherwise)");
        var lease = LeaseOption();
        var json = CliContext.JsonOption();
        var command = new Command("renew", "extend your control lease") { id, duration, lease, json };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var renewed = await Remote(context, connect()).RenewAsync(parse.GetValue(id)!, parse.GetValue(lease), parse.GetValue(duration), cancellationToken);
            WriteLease(context, parse.GetValue(json), renewed, "renewed");
            return ExitCodes.Success;
        }));
        return command;
    }

    static Command Release(CliContext context)
    {
        var id = InstrumentsCommands.InstrumentId();
        var lease = LeaseOption();
        var breakLease = new Option<bool>("--break") { Description = "admin: end the lease whoever holds it" };
        var command = new Command("release", "give your control lease back (admin: --break anyone's)") { id, lease, breakLease };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var instrument = parse.GetValue(id)!;
            if (parse.GetValue(breakLease) && parse.GetValue(lease) is not null)
            {
                throw new UsageException("--break ends whatever lease the instrument has; leave out --lease");
            }

            var released = await Remote(context, connect()).ReleaseAsync(instrument, parse.GetValue(lease), parse.GetValue(breakLease), cancellationToken);
            context.Console.Out.WriteLine(released is null ? $"{instrument}: lease broken" : $"{instrument}: lease {released} released");
            return ExitCodes.Success;
        }));
        return command;
    }

    static Command Cmd(CliContext context)
    {
        var id = InstrumentsCommands.InstrumentId();
        var name = new Argument<string>("command") { Description = "a command of the instrument's profile, for example setSetpoint or emergencyStop" };
        var parameters = new Option<string[]>("--param")
        {
            Description = "a command parameter, repeatable: temperature=300, temperature=\"500 Cel\" or 500[Cel], gas=Ar, on=true",
            HelpName = "name=value",
        };
        var lease = LeaseOption();
        var json = CliContext.JsonOption();
        var command = new Command("cmd", "run a command on the instrument, once (never retried); prints its result and latency")
        {
            id, name, parameters, lease, json,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var body = ParameterArguments.Parse(parse.GetValue(parameters));
            var result = await Remote(context, connect()).SendAsync(parse.GetValue(id)!, parse.GetValue(name)!, body, parse.GetValue(lease), cancellationToken);
            if (parse.GetValue(json))
            {
                Formats.WriteJson(context.Console.Out, result);
                return ExitCodes.Success;
            }

            var attempts = result.Attempts > 1 ? string.Create(CultureInfo.InvariantCulture, $", {result.Attempts} attempts") : "";
            context.Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Name} on {result.Instrument}: {result.Status} in {result.LatencyMs:0.#} ms{attempts} (command {result.CommandId})"));
            if (result.Result is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value)
            {
                Formats.WriteJson(context.Console.Out, value);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    static void WriteLease(CliContext context, bool json, LeaseView lease, string? note)
    {
        if (json)
        {
            Formats.WriteJson(context.Console.Out, lease);
            return;
        }

        var purpose = lease.Purpose is { Length: > 0 } p ? $" for \"{p}\"" : "";
        var extra = note is null ? "" : $" ({note})";
        context.Console.Out.WriteLine($"{lease.InstrumentId}: lease {lease.LeaseId} held by {lease.Holder}{purpose} until {Formats.Time(lease.ExpiresAt, context.Time)}{extra}");
    }
}
