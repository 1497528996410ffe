using System.CommandLine;
using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;
using Spectre.Console;

namespace SmartLab.Cli.Commands;

/// <summary><c>smartlab samples …</c>: register samples, print their labels; staff: receive them at the facility.</summary>
internal static class SamplesCommands
{
    public static Command Create(CliContext context)
    {
        var samples = new Command("samples", "register samples and print their labels; staff: receive them");
        samples.Subcommands.Add(CreateSample(context));
        samples.Subcommands.Add(List(context));
        samples.Subcommands.Add(Show(context));
        samples.Subcommands.Add(Label(context));
        samples.Subcommands.Add(Receive(context));
        return samples;
    }

    static Argument<string> SampleId() => new("id") { Description = "sample id, for example S-000045" };

    static Command CreateSample(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "what you call the sample", Required = true, HelpName = "text" };
        var description = new Option<string?>("--description") { Description = "preparation, form, anything staff should know", HelpName = "text" };
        var composition = new Option<string?>("--composition") { Description = "chemical composition, for example LiCoO2", HelpName = "formula" };
        var hazards = new Option<string[]>("--hazard") { Description = "a hazard staff must know before handling it (GHS phrase or text), repeatable", HelpName = "hazard" };
        var shares = new Option<string[]>("--share") { Description = "another account that may use the sample in its jobs, repeatable", HelpName = "account" };
        var key = new Option<string?>("--idempotency-key") { Description = "repeat the request safely: the same key never creates a second sample (default: a new GUID)", HelpName = "key" };
        var json = CliContext.JsonOption();
        var command = new Command("create", "register a sample before sending it; prints its id") { name, description, composition, hazards, shares, key, json };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var request = new CreateSampleRequest
            {
                Name = parse.GetValue(name),
                Description = parse.GetValue(description),
                Composition = parse.GetValue(composition),
                Hazards = parse.GetValue(hazards) is { Length: > 0 } h ? h : null,
                SharedWith = parse.GetValue(shares) is { Length: > 0 } s ? s : null,
            };
            var sample = await connect().CreateSampleAsync(request, parse.GetValue(key) ?? Guid.NewGuid().ToString(), cancellationToken);
            if (parse.GetValue(json))
            {
                Formats.WriteJson(context.Console.Out, sample);
            }
            else
            {
                context.Console.Out.WriteLine(sample.Id);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    static Command List(CliContext context)
    {
        var limit = new Option<int?>("--limit") { Description = "samples per page (1–1000; the hub's default otherwise)", HelpName = "n" };
        var cursor = new Option<string?>("--cursor") { Description = "continue after a previous page", HelpName = "cursor" };
        var allPages = new Option<bool>("--all-pages") { Description = "fetch every page, not just the first" };
        var json = CliContext.JsonOption();
        var command = new Command("list", "list samples (yours and those shared with you; staff: all)") { limit, cursor, allPages, json };
        command.Aliases.Add("ls");
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var hub = connect();
            var (items, next) = await Paging.CollectAsync(c => hub.ListSamplesAsync(parse.GetValue(limit), c, cancellationToken),
                parse.GetValue(cursor), parse.GetValue(allPages));
            if (parse.GetValue(json))
            {
                Formats.WriteJson(context.Console.Out, new Page<SampleView>(items, next));
                return ExitCodes.Success;
            }

            var table = Tables.Create(context.Console, "ID", "NAME", "COMPOSITION", "OWNER", "HAZARDS", "RECEIVED", "CREATED");
            foreach (var sample in items)
            {
                Tables.AddRow(table, sample.Id, sample.Name, sample.Composition, sample.Owner, string.Join("; ", sample.Hazards),
                    Formats.Time(sample.ReceivedAt, context.Time) ?? "not yet", Formats.Time(sample.CreatedAt, context.Time));
            }

            Paging.Write(context.Console, table, items.Count, next, "samples");
            return ExitCodes.Success;
        }));
        return command;
    }

    static Command Show(CliContext context)
    {
        var id = SampleId();
        var json = CliContext.JsonOption();
        var command = new Command("show", "a sample with its jobs and measurements") { id, json };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var sample = await connect().GetSampleAsync(parse.GetValue(id)!, cancellationToken);
            if (parse.GetValue(json))
            {
                Formats.WriteJson(context.Console.Out, sample);
                return ExitCodes.Success;
            }

            context.Console.Ansi.Write(Tables.Details(
            [
                ("Sample", sample.Id), ("Name", sample.Name), ("Composition", sample.Composition), ("Description", sample.Description),
                ("Hazards", string.Join("; ", sample.Hazards)), ("Owner", sample.Owner), ("Shared with", string.Join(", ", sample.SharedWith)),
                ("Created", Formats.Time(sample.CreatedAt, context.Time)),
                ("Received", sample.ReceivedAt is { } at ? $"{Formats.Time(at, context.Time)} by {sample.ReceivedBy}" : "not yet"),
                ("Jobs", sample.Jobs is { } jobs ? string.Join(", ", jobs.Select(j => $"{j.Id} ({j.State})")) : null),
                ("Measurements", sample.MeasurementIds is { } m ? string.Join(", ", m) : null),
            ]));
            return ExitCodes.Success;
        }));
        return command;
    }

    static Command Label(CliContext context)
    {
        var id = SampleId();
        var output = new Option<string?>("--out") { Description = "PNG file to write (default ./<sample id>.png)", HelpName = "file.png" };
        var command = new Command("label", "save the sample's label (QR code of its id) as PNG, to print and stick on the container") { id, output };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var sampleId = parse.GetValue(id)!;
            var png = await connect().GetSampleLabelAsync(sampleId, cancellationToken);
            var path = Path.GetFullPath(parse.GetValue(output) ?? FileNames.Safe(sampleId, "sample") + ".png");
            await AtomicFile.WriteAsync(path, png, cancellationToken);
            context.Console.Out.WriteLine(path);
            return ExitCodes.Success;
        }));
        return command;
    }

    static Command Receive(CliContext context)
    {
        var id = SampleId();
        var json = CliContext.JsonOption();
        var command = new Command("receive", "staff: the physical sample has arrived; its waiting jobs go to the queue") { id, json };
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var receipt = await connect().ReceiveSampleAsync(parse.GetValue(id)!, cancellationToken);
            if (parse.GetValue(json))
            {
                Formats.WriteJson(context.Console.Out, receipt);
                return ExitCodes.Success;
            }

            var sample = receipt.Sample;
            context.Console.Out.WriteLine($"{sample.Id} received{(sample.ReceivedBy is { } by ? $" by {by}" : "")} at {Formats.Time(sample.ReceivedAt, context.Time)}");
            context.Console.Out.WriteLine(receipt.QueuedJobs.Count == 0 ? "no jobs were waiting for it" : $"now queued: {string.Join(", ", receipt.QueuedJobs)}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
